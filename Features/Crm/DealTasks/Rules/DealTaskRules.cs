using Atrium.Api.Infrastructure.Permissions;
namespace Atrium.Api.Features.Crm.DealTasks.Rules;

/// <summary>The business rules of deal tasks, pure so that they are unit-tested directly.</summary>
public static class DealTaskRules
{
    /// <summary>Create, change and delete tasks on any deal, not only on one's own deals (manager and up).</summary>
    [PermissionCode] public const string ManageAll = "deal_tasks.manage_all";

    /// <summary>A due date may be today or later, never in the past (dates are UTC calendar days).</summary>
    public static bool IsDueDateAllowed(DateOnly? dueDate, DateOnly today) => dueDate is null || dueDate.Value >= today;

    public static DateOnly TodayUtc() => DateOnly.FromDateTime(DateTime.UtcNow);
}
