using System.Security.Claims;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces;

/// <summary>
/// Reads one page of a space's invitations or join requests, newest first, for the members who handle them:
/// 400 on bad paging or a <c>status</c> outside <c>statuses</c>, 404 for a non-member and 403 naming
/// <c>permission</c> for a member without it. <c>sql</c> is a <see cref="PageSql.Json"/> query taking
/// <c>@spaceId</c> and <c>@status</c> (null for all).
/// </summary>
public static class ListByStatus
{
    public static async Task<Results<Ok<Paged<T>>, ProblemHttpResult>> ReadAsync<T>(NpgsqlDataSource db, MemberOfSpace caller, ClaimsPrincipal user,
        PageQuery paging, string? status, IReadOnlyList<string> statuses, string permission, string sql, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        if (status is not null && !statuses.Contains(status))
            return Problems.Invalid("status", "invalid_status", $"'status' must be {string.Join(", ", statuses.SkipLast(1))} or {statuses[^1]}.");
        if (caller.Require(permission) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(await connection.ReadJsonAsync<T>(paging, sql, new { spaceId = caller.SpaceId, status }, ct));
    }
}
