using Atrium.Api.Features.Spaces.Invitations;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Members;

/// <summary>
/// The rules shared by the ways into a space — an admin adds, an admin approves a join request, the person
/// accepts an invitation — and by the changes that end an inviter's rights.
/// </summary>
public static class WaysIn
{
    // A transaction-scoped lock on the person (not on a space or a row): the ways in lock join requests,
    // invitations and memberships in different orders, so two of them at once for the same person could
    // deadlock; taking this lock first makes them queue instead.
    private const string LockPerson = "select pg_advisory_xact_lock(hashtextextended('ways-in:' || @userId::text, 0))";

    /// <summary>Call first, before any row lock, in every transaction that may make <paramref name="userId"/> a member.</summary>
    public static Task LockPersonAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long userId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(LockPerson, new { userId }, tx, cancellationToken: ct));

    private const string PendingBy = """
        select id from invitations
        where space_id = @spaceId and invited_by = @inviterId and status = 'pending'
        order by id
        for update
        """;

    /// <summary>
    /// Revokes, with their audit events, the pending invitations <paramref name="inviterId"/> made to the space: called
    /// in the transaction that removes them or lowers their role, so an invitation never outlives its inviter's rights.
    /// </summary>
    public static async Task RevokeInvitationsByAsync(NpgsqlConnection connection, NpgsqlTransaction tx, AuditActor actor, long spaceId,
        long inviterId, CancellationToken ct)
    {
        var pending = await connection.QueryAsync<long>(new CommandDefinition(PendingBy, new { spaceId, inviterId }, tx, cancellationToken: ct));
        foreach (var invitationId in pending)
            await InvitationRow.DecideAsync(connection, tx, actor, spaceId, invitationId, "revoked", null, ct);
    }

    private const string KindOf = "select kind from spaces where id = @spaceId";

    private const string StillThere = "select id from space_groups where space_id = @spaceId and id = any(@groupIds) order by id";

    /// <summary>
    /// Whether the inviter may still invite <paramref name="inviteeId"/> with the invitation's role and groups, checked
    /// when it is accepted: still a member, still holding <c>invitations.manage</c>, and still allowed to hand out the role
    /// and the permissions of the groups that still exist.
    /// </summary>
    public static async Task<bool> InviterStillMayAsync(NpgsqlConnection connection, NpgsqlTransaction tx, InvitationRow invitation,
        long inviteeId, CancellationToken ct)
    {
        if (invitation.InvitedBy is not { } inviterId)
            return false;
        var kind = await connection.QuerySingleAsync<string>(new CommandDefinition(KindOf, new { spaceId = invitation.SpaceId }, tx, cancellationToken: ct));
        var inviter = await PermissionEngine.FindMemberAsync(connection, kind == "organization" ? SpaceKind.Organization : SpaceKind.Project,
            invitation.SpaceId, inviterId, ct, tx);
        if (inviter is null || !inviter.Has("invitations.manage"))
            return false;
        if (await RoleHandOut.CheckAsync(connection, tx, inviter, inviteeId, null, invitation.Role, ct) is not null)
            return false;
        var groups = (await connection.QueryAsync<long>(new CommandDefinition(StillThere,
            new { spaceId = invitation.SpaceId, groupIds = invitation.GroupIds }, tx, cancellationToken: ct))).ToArray();
        return await MemberWrites.CheckGroupsAsync(connection, tx, inviter, groups, ct) is null;
    }
}
