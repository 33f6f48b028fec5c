using Atrium.Api.Features.Tracker.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Tracker.CreateTask;

/// <summary>
/// Creating a task, top-level or under a parent: both routes (<c>POST …/tasks</c> with an optional
/// <c>parent_id</c>, and <c>POST …/tasks/{task_id}</c>) come here.
/// </summary>
public static class CreateTask
{
    private const string Insert = $"""
        insert into project_tasks as t (project_id, parent_id, title, description, assignee_id, created_by)
        values (@projectId, @parentId, @title, @description, @assigneeId, @userId)
        returning {TaskRow.Columns}
        """;

    public static async Task<Results<Created<TaskResponse>, ProblemHttpResult>> HandleAsync(
        ProjectMember member, long? parentId, string title, string? description, long? assigneeId,
        HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var (projectId, userId) = (member.SpaceId, member.UserId);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        TaskFacts? parent = null;
        if (parentId is { } pid)
        {
            // key share: the parent cannot be deleted under us, yet others may still edit it
            var found = await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
                $"select {TaskRow.Columns} from project_tasks t where t.project_id = @projectId and t.id = @pid for key share",
                new { projectId, pid }, transaction, cancellationToken: ct));
            if (found is null)
                return TaskFields.NotFound();
            parent = found.ToResponse().Facts;
        }

        if (TaskRights.ToCreate(member.Has, userId, parent) is { } missing)
            return Problems.Forbidden(missing);
        if (assigneeId is not null && TaskRights.ToAssign(member.Has, userId, null, assigneeId) is { } cannotAssign)
            return Problems.Forbidden(cannotAssign);

        TaskResponse task;
        try
        {
            task = (await connection.QuerySingleAsync<TaskRow>(new CommandDefinition(Insert, new
            {
                projectId,
                parentId,
                title = title.Trim(),
                description = TaskFields.NormalizeDescription(description),
                assigneeId,
                userId,
            }, transaction, cancellationToken: ct))).ToResponse();
        }
        catch (PostgresException e) when (e.IsForeignKeyViolation("project_tasks_assignee_fkey"))
        {
            return TaskFields.AssigneeNotMember();
        }

        await TaskHistoryLog.StatusAsync(connection, transaction, task, userId, null, task.Status, ct);
        if (task.AssigneeId is not null)
            await TaskHistoryLog.AssigneeAsync(connection, transaction, task, userId, null, task.AssigneeId, ct);
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), projectId, "task.created", "task", task.Id, null, task, ct);
        await transaction.CommitAsync(ct);

        Preconditions.Stamp(http, task.ETag);
        return TypedResults.Created(TrackerRoutes.TaskUrl(projectId, task.Id), task);
    }
}
