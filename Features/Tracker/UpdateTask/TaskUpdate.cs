using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Features.Tracker.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Tracker.UpdateTask;

/// <summary>
/// What a PATCH or PUT asks to change: a null <see cref="Title"/> or <see cref="Status"/> keeps the value;
/// description and assignee change only when their <c>…Set</c> flag is on (null then clears them).
/// </summary>
public sealed record TaskChanges(string? Title, bool DescriptionSet, string? Description, TaskState? Status, bool AssigneeSet, long? AssigneeId);

/// <summary>
/// Applies <see cref="TaskChanges"/> to a task, for PATCH and PUT alike. The task row is locked for the
/// transaction, so concurrent writers of one task go one after the other and each sees the version the
/// previous one left: with the same <c>If-Match</c>, exactly one wins and the others get 412.
/// Order of answers: 404 (not a member, no such task) → 412 (stale <c>If-Match</c>) → 403 (rights) →
/// 409 (workflow) → 400 (assignee not a member).
/// </summary>
public static class TaskUpdate
{
    private const string Update = $"""
        update project_tasks as t
        set title = @title, description = @description, status = @status, assignee_id = @assigneeId, version = t.version + 1
        where t.project_id = @projectId and t.id = @taskId
        returning {TaskRow.Columns}
        """;

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> ApplyAsync(
        ProjectMember member, long taskId, TaskChanges changes, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var (projectId, userId) = (member.SpaceId, member.UserId);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var before = await TaskRow.FindAsync(connection, projectId, taskId, ct, transaction, forUpdate: true);
        if (before is null)
            return TaskFields.NotFound();
        if (Preconditions.Stale(http, before.ETag) is { } stale)
            return stale;

        var title = changes.Title?.Trim() ?? before.Title;
        var description = changes.DescriptionSet ? TaskFields.NormalizeDescription(changes.Description) : before.Description;
        var status = changes.Status ?? before.Status;
        var assigneeId = changes.AssigneeSet ? changes.AssigneeId : before.AssigneeId;

        var edited = title != before.Title || description != before.Description;
        var moved = status != before.Status;
        var reassigned = assigneeId != before.AssigneeId;
        if (!edited && !moved && !reassigned)
        {
            // nothing to change: no new version, no history, no audit event
            Preconditions.Stamp(http, before.ETag);
            return TypedResults.Ok(before);
        }

        var missing = (edited ? TaskRights.ToEdit(member.Has, userId, before.Facts) : null)
            ?? (moved ? TaskRights.ToMove(member.Has, userId, before.Facts) : null)
            ?? (reassigned ? TaskRights.ToAssign(member.Has, userId, before.Facts, assigneeId) : null);
        if (missing is not null)
            return Problems.Forbidden(missing);
        if (moved && !TaskWorkflow.CanMove(before.Status, status))
            return TaskFields.InvalidTransition(before.Status, status);

        TaskResponse after;
        try
        {
            after = (await connection.QuerySingleAsync<TaskRow>(new CommandDefinition(Update, new
            {
                title,
                description,
                status = status.ToSql(),
                assigneeId,
                projectId,
                taskId,
            }, transaction, cancellationToken: ct))).ToResponse();
        }
        catch (PostgresException e) when (e.IsForeignKeyViolation("project_tasks_assignee_fkey"))
        {
            return TaskFields.AssigneeNotMember();
        }

        if (moved)
            await TaskHistoryLog.StatusAsync(connection, transaction, after, userId, before.Status, after.Status, ct);
        if (reassigned)
            await TaskHistoryLog.AssigneeAsync(connection, transaction, after, userId, before.AssigneeId, after.AssigneeId, ct);
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), projectId, "task.updated", "task", taskId, before, after, ct);
        await transaction.CommitAsync(ct);

        Preconditions.Stamp(http, after.ETag);
        return TypedResults.Ok(after);
    }
}
