using FluentValidation;

namespace Atrium.Api.Features.Crm.DealTasks;

/// <summary>Shape rules of the fields a task is created and changed with.</summary>
public static class DealTaskValidation
{
    public static IRuleBuilderOptions<T, string?> TaskTitle<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(t => t is not null && t.Trim().Length is >= 1 and <= 200).WithMessage("'title' must be 1–200 characters.");

    public static IRuleBuilderOptions<T, string?> TaskDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(5000);
}
