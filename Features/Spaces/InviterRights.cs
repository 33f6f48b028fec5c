using Atrium.Api.Features.Spaces.Invitations;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Spaces;

/// <summary>An invitation lasts only as long as its inviter may still make it.</summary>
public static class InviterRights
{
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
    public static async Task<bool> StillMayAsync(NpgsqlConnection connection, NpgsqlTransaction tx, InvitationRow invitation,
        long inviteeId, CancellationToken ct)
    {
        if (invitation.InvitedBy is not { } inviterId)
            return false;
        var kind = await connection.QuerySingleAsync<string>(new CommandDefinition(KindOf, new { spaceId = invitation.SpaceId }, tx, cancellationToken: ct));
        var inviter = await PermissionEngine.FindMemberAsync(connection, kind == "organization" ? SpaceKind.Organization : SpaceKind.Project,
            invitation.SpaceId, inviterId, ct, tx);
        if (inviter is null || !inviter.Has(SpacePermissions.InvitationsManage))
            return false;
        if (await RoleHandOut.CheckAsync(connection, tx, inviter, inviteeId, null, invitation.Role, ct) is not null)
            return false;
        var groups = (await connection.QueryAsync<long>(new CommandDefinition(StillThere,
            new { spaceId = invitation.SpaceId, groupIds = invitation.GroupIds }, tx, cancellationToken: ct))).ToArray();
        return await MemberChecks.CheckGroupsAsync(connection, tx, inviter, groups, ct) is null;
    }
}
