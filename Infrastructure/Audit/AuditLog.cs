using System.Text.Json;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Http;
using Dapper;
using Npgsql;

namespace Atrium.Api.Infrastructure.Audit;

/// <summary>Who did it, from where, in which request: taken from the HTTP request once per handler.</summary>
public sealed record AuditActor(long? UserId, string? RequestId, string? Ip)
{
    public static AuditActor From(HttpContext http)
    {
        long? userId = http.User.Identity?.IsAuthenticated == true ? http.User.UserId() : null;
        return new AuditActor(userId, RequestIds.Of(http), ClientInfo.IpOf(http));
    }
}

/// <summary>
/// Writes one audit event in the caller's transaction, so an event exists exactly when its change does.
/// <c>before</c> and <c>after</c> are any objects, stored as JSON (snake_case).
/// </summary>
public static class AuditLog
{
    private const string Insert = """
        insert into audit_events (space_id, actor_id, action, entity_type, entity_id, before, after, request_id, ip)
        values (@spaceId, @actorId, @action, @entityType, @entityId, @before::jsonb, @after::jsonb, @requestId, @ip)
        """;

    private static readonly JsonSerializerOptions Json = Atrium.Api.Infrastructure.Json.JsonSetup.Options;

    /// <summary>The snake_case JSON an audit row stores for <paramref name="value"/> (null stays null).</summary>
    public static string? ToJson(object? value) => value is null ? null : JsonSerializer.Serialize(value, Json);

    public static Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditActor actor, long spaceId,
        string action, string entityType, object? entityId, object? before, object? after, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            spaceId,
            actorId = actor.UserId,
            action,
            entityType,
            entityId = entityId?.ToString(),
            before = ToJson(before),
            after = ToJson(after),
            requestId = actor.RequestId,
            ip = actor.Ip,
        }, transaction, cancellationToken: ct));
}

/// <summary>
/// Writes one platform audit event (a change outside any space: platform grants, shop categories, orders,
/// donations) in the caller's transaction. The table is append-only.
/// </summary>
public static class PlatformAuditLog
{
    private const string Insert = """
        insert into platform_audit_events (actor_id, action, entity_type, entity_id, before, after, request_id, ip)
        values (@actorId, @action, @entityType, @entityId, @before::jsonb, @after::jsonb, @requestId, @ip)
        """;

    public static Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditActor actor,
        string action, string entityType, object? entityId, object? before, object? after, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            actorId = actor.UserId,
            action,
            entityType,
            entityId = entityId?.ToString(),
            before = AuditLog.ToJson(before),
            after = AuditLog.ToJson(after),
            requestId = actor.RequestId,
            ip = actor.Ip,
        }, transaction, cancellationToken: ct));
}
