using Atrium.Api.Features.Spaces.Invitations;
using Atrium.Api.Features.Spaces.JoinRequests;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Members;

/// <summary>What a member is, for audit events: <c>{user_id, role, group_ids}</c>.</summary>
public sealed record MemberSnapshot(long UserId, string Role, long[] GroupIds);

/// <summary>
/// The writes that make someone a member, shared by adding a member, approving a join request and accepting
/// an invitation, and the checks on group ids they all make.
/// </summary>
public static class MemberWrites
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
    public static async Task CloseWaitingWaysInAsync(NpgsqlConnection connection, NpgsqlTransaction tx, AuditActor actor,
        long spaceId, long userId, string joinRequestStatus, long decidedBy, CancellationToken ct)
    {
        var requests = await connection.QueryAsync<long>(new CommandDefinition(PendingJoinRequests, new { spaceId, userId }, tx, cancellationToken: ct));
        foreach (var requestId in requests)
            await JoinRequestRow.DecideAsync(connection, tx, actor, spaceId, requestId, joinRequestStatus, null, decidedBy, ct);
        var invitations = await connection.QueryAsync<long>(new CommandDefinition(PendingInvitations, new { spaceId, userId }, tx, cancellationToken: ct));
        foreach (var invitationId in invitations)
            await InvitationRow.DecideAsync(connection, tx, actor, spaceId, invitationId, "revoked", userId, ct);
    }

    private const string CountGroups = "select count(*) from space_groups where space_id = @spaceId and id = any(@groupIds)";

    private const string GroupCodes = """
        select distinct gp.code from group_permissions gp
        join permissions p on p.code = gp.code
        where gp.space_id = @spaceId and gp.group_id = any(@groupIds)
        order by gp.code
        """;

    private const string Insert = """
        insert into memberships (space_id, user_id, role) values (@spaceId, @userId, @role)
        on conflict (space_id, user_id) do nothing
        """;

    private const string InsertGroups = """
        insert into member_groups (space_id, user_id, group_id)
        select @spaceId, @userId, g.id from space_groups g where g.space_id = @spaceId and g.id = any(@groupIds)
        on conflict do nothing
        """;

    private const string Role = "select role from memberships where space_id = @spaceId and user_id = @userId";

    private const string Groups = "select group_id from member_groups where space_id = @spaceId and user_id = @userId order by group_id";

    public static ProblemHttpResult GroupNotFound() =>
        Problems.NotFound("group_not_found", "A group id does not name a group of this space.");

    public static ProblemHttpResult MemberNotFound() =>
        Problems.NotFound("member_not_found", "This user is not a member of the space.");

    public static ProblemHttpResult AlreadyMember() =>
        Problems.Conflict("already_member", "This user is already a member of the space.");

    /// <summary>
    /// 404 when a group id is not a group of this space (another space's group is not found); 403 naming the
    /// first system permission of those groups that <paramref name="caller"/> lacks — nobody hands out what they do not hold.
    /// </summary>
    public static async Task<ProblemHttpResult?> CheckGroupsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, SpaceMember caller,
        long[] groupIds, CancellationToken ct)
    {
        var distinct = groupIds.Distinct().ToArray();
        if (distinct.Length == 0)
            return null;
        var found = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountGroups,
            new { spaceId = caller.SpaceId, groupIds = distinct }, tx, cancellationToken: ct));
        if (found != distinct.Length)
            return GroupNotFound();
        var codes = await connection.QueryAsync<string>(new CommandDefinition(GroupCodes,
            new { spaceId = caller.SpaceId, groupIds = distinct }, tx, cancellationToken: ct));
        return codes.FirstOrDefault(c => !caller.Has(c)) is { } missing ? Permissions.Catalog.NotHeld(missing) : null;
    }

    /// <summary>Makes the user a member with the role and the groups (those still in the space); false when they already are one.</summary>
    public static async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long spaceId, long userId, string role,
        long[] groupIds, CancellationToken ct)
    {
        var inserted = await connection.ExecuteAsync(new CommandDefinition(Insert, new { spaceId, userId, role }, tx, cancellationToken: ct));
        if (inserted == 0)
            return false;
        if (groupIds.Length > 0)
            await connection.ExecuteAsync(new CommandDefinition(InsertGroups, new { spaceId, userId, groupIds }, tx, cancellationToken: ct));
        return true;
    }

    /// <summary>The member's role, or null when the user is not a member.</summary>
    public static Task<string?> RoleAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long spaceId, long userId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(Role, new { spaceId, userId }, tx, cancellationToken: ct));

    public static async Task<MemberSnapshot> SnapshotAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long spaceId, long userId,
        CancellationToken ct)
    {
        var role = await RoleAsync(connection, tx, spaceId, userId, ct) ?? "";
        var groups = await connection.QueryAsync<long>(new CommandDefinition(Groups, new { spaceId, userId }, tx, cancellationToken: ct));
        return new MemberSnapshot(userId, role, groups.ToArray());
    }

    /// <summary>403 naming <c>admins.manage</c> when moving a member between these roles needs it and the caller lacks it.</summary>
    public static ProblemHttpResult? CheckRoleChange(SpaceMember caller, string? currentRole, string? newRole) =>
        Rules.RoleRules.ExtraPermissionFor(currentRole, newRole) is { } needed && !caller.Has(needed)
            ? Problems.Forbidden(needed, $"Making, changing or removing an admin needs the permission '{needed}'.")
            : null;
}
