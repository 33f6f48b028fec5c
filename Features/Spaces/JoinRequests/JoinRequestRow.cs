using Atrium.Api.Features.Spaces.Members;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.JoinRequests;

/// <summary>The row of a join request that the deciding slices lock and check.</summary>
public sealed class JoinRequestRow
{
    public long Id { get; init; }
    public long SpaceId { get; init; }
    public long UserId { get; init; }
    public string Status { get; init; } = "";

    private const string Lock = "select id, space_id, user_id, status from join_requests where id = @requestId for update";

    private const string Requester = "select user_id from join_requests where id = @requestId";

    /// <summary>Who asked, read without a lock (to take <see cref="Memberships.LockPersonAsync"/> before the row's lock).</summary>
    public static Task<long?> RequesterAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long requestId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(Requester, new { requestId }, tx, cancellationToken: ct));

    public static Task<JoinRequestRow?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long requestId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<JoinRequestRow?>(new CommandDefinition(Lock, new { requestId }, tx, cancellationToken: ct));

    private const string Decide = """
        update join_requests
        set status = @status, reason = @reason, decided_by = @decidedBy, decided_at = now()
        where id = @requestId
        """;

    /// <summary>
    /// Closes the request as <paramref name="status"/> (approved, rejected or withdrawn) by <paramref name="decidedBy"/>,
    /// writes the audit event <c>join_request.{status}</c> with the request before and after, and answers it as it now is.
    /// </summary>
    public static async Task<JoinRequestResponse> DecideAsync(NpgsqlConnection connection, NpgsqlTransaction tx, AuditActor actor,
        long spaceId, long requestId, string status, string? reason, long decidedBy, CancellationToken ct)
    {
        var before = await JoinRequestResponse.ReadAsync(connection, tx, requestId, ct);
        await connection.ExecuteAsync(new CommandDefinition(Decide, new { requestId, status, reason, decidedBy }, tx, cancellationToken: ct));
        var after = (await JoinRequestResponse.ReadAsync(connection, tx, requestId, ct))!;
        await AuditLog.WriteAsync(connection, tx, actor, spaceId, $"join_request.{status}", "join_request", requestId, before, after, ct);
        return after;
    }
}
