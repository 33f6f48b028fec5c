using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Spaces;

/// <summary>What a member is, for audit events: <c>{user_id, role, group_ids}</c>.</summary>
public sealed record MemberSnapshot(long UserId, string Role, long[] GroupIds);

/// <summary>
/// Making someone a member (adding a member, approving a join request, accepting an invitation) and reading a
/// membership for checks and audit events.
/// </summary>
public static class Memberships
{
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

    // A transaction-scoped lock on the person (not on a space or a row): the ways in lock join requests,
    // invitations and memberships in different orders, so two of them at once for the same person could
    // deadlock; taking this lock first makes them queue instead.
    private const string LockPerson = "select pg_advisory_xact_lock(hashtextextended('ways-in:' || @userId::text, 0))";

    /// <summary>Call first, before any row lock, in every transaction that may make <paramref name="userId"/> a member.</summary>
    public static Task LockPersonAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long userId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(LockPerson, new { userId }, tx, cancellationToken: ct));

    private const string Groups = "select group_id from member_groups where space_id = @spaceId and user_id = @userId order by group_id";

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
}
