using Atrium.Api.Features.Tracker.Rules;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Tracker.UpdateTask;

/// <summary>The whole editable task: a description or assignee left out (or null) is cleared.</summary>
public sealed record ReplaceTaskRequest(string? Title, string? Description, TaskState? Status, long? AssigneeId);

public sealed class ReplaceTaskValidator : AbstractValidator<ReplaceTaskRequest>
{
    public ReplaceTaskValidator()
    {
        RuleFor(r => r.Title).TaskTitle();
        RuleFor(r => r.Description).TaskDescription();
        RuleFor(r => r.Status).NotNull().WithMessage("'status' is required.");
        RuleFor(r => r.AssigneeId).UserReference();
    }
}

public sealed class ReplaceTaskEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTasksGroup().MapPut("/{task_id:long}", Handle)
            .Validate<ReplaceTaskRequest>()
            .WithName("ReplaceTask")
            .WithETag(ifMatch: true)
            .WithSummary("Replace a task's title, description, status and assignee.")
            .DescribeTaskUpdate("`title` and `status` are required; `description` and `assignee_id` left out are cleared.");

    private static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> Handle(
        ProjectMember member, [FromRoute(Name = "task_id")] long taskId, ReplaceTaskRequest request, HttpContext http, NpgsqlDataSource db,
        CancellationToken ct) =>
        TaskUpdate.ApplyAsync(member, taskId,
            new TaskChanges(request.Title, true, request.Description, request.Status, true, request.AssigneeId),
            http, db, ct);
}
