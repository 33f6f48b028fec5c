using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Tracker.CreateTask;

public sealed record CreateSubtaskRequest(string? Title, string? Description, long? AssigneeId);

public sealed class CreateSubtaskValidator : AbstractValidator<CreateSubtaskRequest>
{
    public CreateSubtaskValidator()
    {
        RuleFor(r => r.Title).TaskTitle();
        RuleFor(r => r.Description).TaskDescription();
        RuleFor(r => r.AssigneeId).UserReference();
    }
}

public sealed class CreateSubtaskEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTasksGroup().MapPost("/{task_id:long}", Handle)
            .Validate<CreateSubtaskRequest>()
            .WithName("CreateSubtask")
            .WithSummary("Create a subtask under the task in the path.")
            .WithDescription("The same as `POST …/tasks` with `parent_id` = `task_id`: needs `tasks.create_subtask_any`, or "
                + "`tasks.create_subtask_own` under one's own task.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static Task<Results<Created<TaskResponse>, ProblemHttpResult>> Handle(
        ProjectMember member, [FromRoute(Name = "task_id")] long taskId, CreateSubtaskRequest request, HttpContext http, NpgsqlDataSource db,
        CancellationToken ct) =>
        CreateTask.HandleAsync(member, taskId, request.Title!, request.Description, request.AssigneeId, http, db, ct);
}
