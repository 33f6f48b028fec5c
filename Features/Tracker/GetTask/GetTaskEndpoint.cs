using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Features.Tracker.Rules;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Tracker.GetTask;

public sealed class GetTaskEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTasksGroup().MapGet("/{task_id:long}", Handle)
            .WithName("GetTask")
            .WithETag(ifNoneMatch: true)
            .WithSummary("One task, with its ETag.")
            .WithDescription("Any project member reads tasks. The strong `ETag` header (`\"<id>-<version>\"`) is what "
                + "`If-Match` of PUT, PATCH and DELETE compares; with a matching `If-None-Match` the answer is 304.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<TaskResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        ProjectMember member, [FromRoute(Name = "task_id")] long taskId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var task = await TaskRow.FindAsync(connection, member.SpaceId, taskId, ct);
        if (task is null)
            return TaskFields.NotFound();

        return Preconditions.NotModified(http, task.ETag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(task);
    }
}
