using Atrium.Api.Features.Spaces.Invitations;
using Atrium.Api.Features.Spaces.JoinRequests;
using Atrium.Api.Infrastructure.Audit;
using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Spaces;

/// <summary>The other ways into a space that still wait once someone became a member: closed in the same transaction.</summary>
public static class WaitingWaysIn
{
    private const string PendingJoinRequests =
        "select id from join_requests where space_id = @spaceId and user_id = @userId and status = 'pending' for update";

    private const string PendingInvitations = """
        select i.id from invitations i
        where i.space_id = @spaceId and i.status = 'pending'
          and (i.user_id = @userId
               or lower(i.email) = (select lower(email) from users where id = @userId and email_confirmed_at is not null))
        for update
        """;

    /// <summary>
    /// Once <paramref name="userId"/> is a member, the other ways in that still wait are closed in the same
    /// transaction, each with its audit event: a pending join request becomes <paramref name="joinRequestStatus"/>
    /// (approved when an admin let them in, withdrawn when they joined by invitation), a pending invitation is
    /// revoked. Otherwise they would linger and answer 409 already_member when someone acted on them.
    /// </summary>
    public static async Task CloseAsync(NpgsqlConnection connection, NpgsqlTransaction tx, AuditActor actor,
        long spaceId, long userId, string joinRequestStatus, long decidedBy, CancellationToken ct)
    {
        var requests = await connection.QueryAsync<long>(new CommandDefinition(PendingJoinRequests, new { spaceId, userId }, tx, cancellationToken: ct));
        foreach (var requestId in requests)
            await JoinRequestRow.DecideAsync(connection, tx, actor, spaceId, requestId, joinRequestStatus, null, decidedBy, ct);
        var invitations = await connection.QueryAsync<long>(new CommandDefinition(PendingInvitations, new { spaceId, userId }, tx, cancellationToken: ct));
        foreach (var invitationId in invitations)
            await InvitationRow.DecideAsync(connection, tx, actor, spaceId, invitationId, "revoked", userId, ct);
    }
}
