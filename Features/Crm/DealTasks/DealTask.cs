using Atrium.Api.Infrastructure.Errors;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Crm.DealTasks;

/// <summary>A task of a deal as the API shows it.</summary>
public sealed record DealTaskResponse(
    long Id,
    long DealId,
    string Title,
    string? Description,
    DateOnly? DueDate,
    bool IsDone,
    DateTime? DoneAt,
    long? CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>SQL and the answers (404, bad due date) shared by the task slices.</summary>
public static class DealTaskSql
{
    public const string Columns = "t.id, t.deal_id, t.title, t.description, t.due_date, t.is_done, t.done_at, t.created_by, t.created_at, t.updated_at";

    /// <summary>A task of the organization with the owner of its deal (who owns the task), locked for the caller's transaction.</summary>
    public const string SelectForUpdate = $"""
        select {Columns}, d.owner_id as deal_owner_id
        from crm_deal_tasks t
        join crm_deals d on d.organization_id = t.organization_id and d.id = t.deal_id
        where t.organization_id = @organizationId and t.id = @id
        for update of t
        """;

    /// <summary>A task row with the owner of its deal.</summary>
    public sealed class Owned
    {
        public long Id { get; init; }
        public long DealId { get; init; }
        public string Title { get; init; } = "";
        public string? Description { get; init; }
        public DateOnly? DueDate { get; init; }
        public bool IsDone { get; init; }
        public DateTime? DoneAt { get; init; }
        public long? CreatedBy { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public long DealOwnerId { get; init; }

        public DealTaskResponse ToResponse() => new(Id, DealId, Title, Description, DueDate, IsDone, DoneAt, CreatedBy, CreatedAt, UpdatedAt);
    }

    public static ProblemHttpResult NotFound() => Problems.NotFound("task_not_found", "No task with this id exists in this organization.");

    public static ProblemHttpResult DueDateInPast() =>
        Problems.Invalid("due_date", "due_date_in_past", "'due_date' cannot be in the past (today, UTC, is the earliest).");
}
