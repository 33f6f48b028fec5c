using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Tracker;

/// <summary>A page of something that hangs under one task (its comments, its history), with its total.</summary>
public sealed record TaskSubPage<T>(IReadOnlyList<T> Items, TrackerPaging Paging, long Total);

/// <summary>
/// Reads a page of rows that belong to one task, for any project member: 400 on bad paging, 404 when the caller
/// is not a member or the task is not in the project. <c>sql</c> yields the total, then the rows, and takes
/// <c>@projectId</c>, <c>@taskId</c>, <c>@limit</c> and <c>@offset</c>.
/// </summary>
public static class TaskSubList
{
    public static async Task<(TaskSubPage<T>? Page, ProblemHttpResult? Problem)> ReadAsync<T>(
        NpgsqlDataSource db, HttpContext http, long projectId, long taskId, int? page, int? pageSize, string sql, CancellationToken ct)
    {
        if (TrackerPaging.TryRead(page, pageSize, out var paging) is { } badPaging)
            return (null, badPaging);
        await using var connection = await db.OpenConnectionAsync(ct);
        var access = await PermissionEngine.MemberAsync(connection, SpaceKind.Project, projectId, http.User.UserId(), ct);
        if (access.Denied)
            return (null, access.Problem);
        if (await TaskRow.FindAsync(connection, projectId, taskId, ct) is null)
            return (null, TaskFields.TaskNotFound());

        await using var reader = await connection.QueryMultipleAsync(new CommandDefinition(sql,
            new { projectId, taskId, limit = paging.PageSize, offset = paging.Offset }, cancellationToken: ct));
        var total = await reader.ReadSingleAsync<long>();
        var items = (await reader.ReadAsync<T>()).ToList();
        return (new TaskSubPage<T>(items, paging, total), null);
    }
}
