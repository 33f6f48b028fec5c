using Atrium.Api.Features.Spaces;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Spaces.ReadAuditLog;

public sealed record AuditActorResponse(long Id, string? Username, string? Name, string? Email);

public sealed record AuditEntryResponse(
    long Id, AuditActorResponse? Actor, string Action, string EntityType, string? EntityId,
    JsonElement? Before, JsonElement? After, string? RequestId, string? Ip, DateTime CreatedAt);

/// <summary>Newest first; pass <c>next_cursor</c> back as <c>cursor</c> for the next page (null at the end).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryResponse> Items, string? NextCursor);

public sealed class ReadAuditLogEndpoint : ICarterModule
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    private const string Sql = """
        select coalesce(json_agg(json_build_object(
                   'id', a.id,
                   'actor', case when a.actor_id is null then null
                                 else json_build_object('id', a.actor_id, 'username', u.username, 'name', u.name, 'email', u.email) end,
                   'action', a.action, 'entity_type', a.entity_type, 'entity_id', a.entity_id,
                   'before', a.before, 'after', a.after, 'request_id', a.request_id, 'ip', a.ip,
                   'created_at', utc_iso(a.created_at))
               order by a.id desc), '[]'::json)
        from (select *
              from audit_events e
              where e.space_id = @spaceId
                and (@action::text is null or e.action = @action)
                and (@actorId::bigint is null or e.actor_id = @actorId)
                and (@since::timestamptz is null or e.created_at >= @since)
                and (@until::timestamptz is null or e.created_at < @until)
                and (@cursor::bigint is null or e.id < @cursor)
              order by e.id desc
              limit @take) a
        left join users u on u.id = a.actor_id
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapGet("/audit-log", Handle)
                .WithName(SpacesRoutes.Name(kind, "ReadAuditLog"))
                .WithSummary("The audit events of a space, newest first (audit.read).")
                .WithDescription("Filters: `action`, `actor_id`, `since` (inclusive) and `until` (exclusive) as ISO 8601 times. "
                    + $"`limit` {DefaultLimit} by default, at most {MaxLimit}. Keyset pages: `cursor` is the `next_cursor` of the previous page.")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> Handle(
        MemberOfSpace caller,
        [FromQuery(Name = "action")] string? action,
        [FromQuery(Name = "actor_id")] long? actorId,
        [FromQuery(Name = "since")] DateTimeOffset? since,
        [FromQuery(Name = "until")] DateTimeOffset? until,
        [FromQuery(Name = "cursor")] string? cursor,
        [FromQuery(Name = "limit")] int? limit,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
            return Problems.Invalid("limit", "limit_out_of_range", $"'limit' must be between 1 and {MaxLimit}.");
        long? after = null;
        if (cursor is not null)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                return Problems.Invalid("cursor", "invalid_cursor", "'cursor' must be the next_cursor of a previous page.");
            after = id;
        }

        if (caller.Require(SpacePermissions.AuditRead) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryJsonAsync<List<AuditEntryResponse>>(new CommandDefinition(Sql, new
        {
            spaceId = caller.SpaceId,
            action = string.IsNullOrWhiteSpace(action) ? null : action.Trim(),
            actorId,
            since = since?.UtcDateTime,
            until = until?.UtcDateTime,
            cursor = after,
            take = take + 1,
        }, cancellationToken: ct)))!;
        var more = rows.Count > take;
        var items = more ? rows[..take] : rows;
        return TypedResults.Ok(new AuditPage(items, more ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null));
    }
}
