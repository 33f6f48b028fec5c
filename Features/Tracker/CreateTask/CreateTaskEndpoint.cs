using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Tracker.CreateTask;

/// <summary><c>parent_id</c> null (or 0, as the tracker's first clients sent it) makes a top-level task.</summary>
public sealed record CreateTaskRequest(string? Title, string? Description, long? ParentId, long? AssigneeId);

public sealed class CreateTaskValidator : AbstractValidator<CreateTaskRequest>
{
    public CreateTaskValidator()
    {
        RuleFor(r => r.Title).TaskTitle();
        RuleFor(r => r.Description).TaskDescription();
        RuleFor(r => r.ParentId).Must(id => id is null or >= 0).WithMessage("'parent_id' must be a task id, 0 or null.");
        RuleFor(r => r.AssigneeId).UserReference();
    }
}

public sealed class CreateTaskEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTasksGroup().MapPost("", Handle)
            .Validate<CreateTaskRequest>()
            .WithName("CreateTask")
            .WithETag()
            .WithSummary("Create a task, top-level or (with parent_id) a subtask.")
            .WithDescription("Top-level tasks need `tasks.create_root`; a subtask needs `tasks.create_subtask_any`, or "
                + "`tasks.create_subtask_own` when the parent is the caller's own (created by or assigned to them). "
                + "Setting `assignee_id` needs `tasks.assign`, except that a member with `tasks.edit_own` may assign "
                + "the new task to themselves. The assignee must be a project member (400 `assignee_not_member`); "
                + "a `parent_id` not in this project is 404 `task_not_found`. The new task is `open`; its `ETag` header names its version.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static Task<Results<Created<TaskResponse>, ProblemHttpResult>> Handle(
        ProjectMember member, CreateTaskRequest request, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        CreateTask.HandleAsync(member, request.ParentId is null or 0 ? null : request.ParentId, request.Title!, request.Description,
            request.AssigneeId, http, db, ct);
}
