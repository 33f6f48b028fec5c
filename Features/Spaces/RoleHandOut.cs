using Atrium.Api.Features.Spaces.Rules;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces;

/// <summary>
/// Who may put a person into a role — by adding, changing a role, inviting or approving: the giver must hold
/// <c>admins.manage</c> for the admin role, must hold every permission of the role's set (nobody hands out what
/// they lack, as for groups and direct grants), and nobody raises their own role.
/// </summary>
public static class RoleHandOut
{
    private const string RoleCodes = """
        select rp.code
        from role_permissions rp
        join permissions p on p.code = rp.code
        where rp.role = @role and p.applies_to in (@kind, 'any')
        order by rp.code
        """;

    /// <summary>Null when <paramref name="giver"/> may move <paramref name="targetUserId"/> from <paramref name="currentRole"/> (null: not a member yet) to <paramref name="newRole"/>; else the 403.</summary>
    public static async Task<ProblemHttpResult?> CheckAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, SpaceMember giver,
        long? targetUserId, string? currentRole, string newRole, CancellationToken ct)
    {
        if (MemberChecks.CheckRoleChange(giver, currentRole, newRole) is { } adminProblem)
            return adminProblem;
        if (targetUserId == giver.UserId && RoleRules.Rank(newRole) > RoleRules.Rank(currentRole))
            return Problems.ForbiddenBy("own_role_raise_forbidden", "Nobody raises their own role.");
        if (giver.IsOwner)
            return null;
        var codes = await connection.QueryAsync<string>(new CommandDefinition(RoleCodes,
            new { role = newRole, kind = giver.Kind.ToSql() }, tx, cancellationToken: ct));
        return codes.FirstOrDefault(code => !giver.Has(code)) is { } missing
            ? Problems.Forbidden(missing, $"The role '{newRole}' holds '{missing}', which you do not hold; nobody hands out a role whose permissions they lack.")
            : null;
    }
}
