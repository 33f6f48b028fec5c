using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Features.Tracker.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Tracker.DeleteTask;

public sealed class DeleteTaskEndpoint : ICarterModule
{
    /// <summary>The task and every task below it; the foreign key would cascade too, this names what went.</summary>
    private const string DeleteSubtree = """
        with recursive subtree (id) as (
            select @taskId::bigint
            union all
            select c.id from subtree s join project_tasks c on c.project_id = @projectId and c.parent_id = s.id
        )
        delete from project_tasks t
        using subtree s
        where t.project_id = @projectId and t.id = s.id
        returning t.id
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTasksGroup().MapDelete("/{task_id:long}", Handle)
            .WithName("DeleteTask")
            .WithETag(ifMatch: true)
            .WithSummary("Delete a task with all its subtasks.")
            .WithDescription("Needs `tasks.delete` (admins and managers by role, the owner, or anyone it is granted to): the whole "
                + "subtree goes, with its history and comments. `If-Match` is optional; when sent it must match (412 `etag_mismatch`).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        ProjectMember member, [FromRoute(Name = "task_id")] long taskId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var task = await TaskRow.FindAsync(connection, member.SpaceId, taskId, ct, transaction, forUpdate: true);
        if (task is null)
            return TaskFields.NotFound();
        if (Preconditions.Stale(http, task.ETag) is { } stale)
            return stale;
        if (TaskRights.ToDelete(member.Has) is { } missing)
            return Problems.Forbidden(missing);

        var removed = (await connection.QueryAsync<long>(new CommandDefinition(DeleteSubtree, new { projectId = member.SpaceId, taskId },
            transaction, cancellationToken: ct))).Where(removedId => removedId != taskId).Order().ToList();
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "task.deleted", "task", taskId,
            new { Task = task, SubtaskIds = removed }, null, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
