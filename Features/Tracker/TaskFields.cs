using Atrium.Api.Infrastructure.Errors;
using FluentValidation;
using Atrium.Api.Features.Tracker.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Tracker;

/// <summary>Shape rules shared by the requests that carry task fields, and the answers about them.</summary>
public static class TaskFields
{
    public const int TitleMax = 300;
    public const int DescriptionMax = 20000;
    public const int CommentMax = 10000;

    public static IRuleBuilderOptions<T, string?> TaskTitle<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("'title' must not be empty.")
            .MaximumLength(TitleMax);

    public static IRuleBuilderOptions<T, string?> TaskDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(DescriptionMax);

    public static IRuleBuilderOptions<T, long?> UserReference<T>(this IRuleBuilder<T, long?> rule) =>
        rule.Must(id => id is null or > 0).WithMessage("'assignee_id' must be a user id (or null).");

    /// <summary>Description as stored: trimmed, and an empty one is none.</summary>
    public static string? NormalizeDescription(string? description) =>
        string.IsNullOrWhiteSpace(description) ? null : description.Trim();

    public static ProblemHttpResult NotFound() =>
        Problems.NotFound("task_not_found", "No task with this id in this project.");

    public static ProblemHttpResult AssigneeNotMember() =>
        Problems.Invalid("assignee_id", "assignee_not_member", "The assignee must be a member of the project.");

    public static ProblemHttpResult InvalidTransition(TaskState from, TaskState to)
    {
        var next = string.Join(", ", TaskWorkflow.NextOf(from).Select(s => s.ToSql()));
        var result = Problems.Conflict("invalid_transition",
            $"A task cannot move from '{from.ToSql()}' to '{to.ToSql()}'; from '{from.ToSql()}' it may move to: {(next.Length == 0 ? "nothing" : next)}.");
        result.ProblemDetails.Extensions["from"] = from.ToSql();
        result.ProblemDetails.Extensions["to"] = to.ToSql();
        return result;
    }
}
