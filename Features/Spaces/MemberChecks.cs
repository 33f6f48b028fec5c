using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces;

/// <summary>What a caller may give a member: groups of this space whose permissions they hold, and admin roles only with <c>admins.manage</c>.</summary>
public static class MemberChecks
{
    private const string CountGroups = "select count(*) from space_groups where space_id = @spaceId and id = any(@groupIds)";

    private const string GroupCodes = """
        select distinct gp.code from group_permissions gp
        join permissions p on p.code = gp.code
        where gp.space_id = @spaceId and gp.group_id = any(@groupIds)
        order by gp.code
        """;

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
            return SpaceProblems.GroupNotFound();
        var codes = await connection.QueryAsync<string>(new CommandDefinition(GroupCodes,
            new { spaceId = caller.SpaceId, groupIds = distinct }, tx, cancellationToken: ct));
        return codes.FirstOrDefault(c => !caller.Has(c)) is { } missing ? Permissions.Catalog.NotHeld(missing) : null;
    }

    /// <summary>403 naming <c>admins.manage</c> when moving a member between these roles needs it and the caller lacks it.</summary>
    public static ProblemHttpResult? CheckRoleChange(SpaceMember caller, string? currentRole, string? newRole) =>
        Rules.RoleRules.ExtraPermissionFor(currentRole, newRole) is { } needed && !caller.Has(needed)
            ? Problems.Forbidden(needed, $"Making, changing or removing an admin needs the permission '{needed}'.")
            : null;
}
