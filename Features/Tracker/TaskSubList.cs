using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Tracker;

/// <summary>
/// Reads a page of rows that belong to one task (its comments, its history), for any project member: 400 on bad
/// paging, 404 when the caller is not a member or the task is not in the project. <c>sql</c> yields the total,
/// then the rows (the shape of <see cref="PageSql.Rows"/>), and takes <c>@projectId</c>, <c>@taskId</c>,
/// <c>@limit</c> and <c>@offset</c>.
/// </summary>
public static class TaskSubList
{
    public static async Task<(Paged<T>? Page, ProblemHttpResult? Problem)> ReadAsync<T>(
        NpgsqlDataSource db, ProjectMember member, long taskId, PageQuery paging, string sql, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return (null, invalid);
        var projectId = member.SpaceId;
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await TaskRow.FindAsync(connection, projectId, taskId, ct) is null)
            return (null, TaskFields.NotFound());

        return (await connection.ReadRowsAsync<T>(paging, sql, new { projectId, taskId }, ct), null);
    }
}
