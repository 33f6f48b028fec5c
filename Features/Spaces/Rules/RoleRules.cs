using Atrium.Api.Features.Spaces;
using Atrium.Api.Infrastructure.Permissions;

namespace Atrium.Api.Features.Spaces.Rules;

/// <summary>
/// Who may put whom in which role. The owner is never assigned or changed through membership routes
/// (transfer-ownership does that); the admin role is guarded by <c>admins.manage</c>, which the owner holds
/// and admins do not — so admins manage managers and members, and only the owner (or someone the owner
/// granted <c>admins.manage</c>) makes, changes or removes admins.
/// </summary>
public static class RoleRules
{
    /// <summary>Roles that can be given by adding, inviting, approving or changing a member.</summary>
    public static readonly IReadOnlyList<string> Assignable = [Roles.Admin, Roles.Manager, Roles.Member];

    public static bool IsAssignable(string? role) => role is Roles.Admin or Roles.Manager or Roles.Member;

    /// <summary>
    /// The permission needed, beyond the route's own, to move a member from <paramref name="currentRole"/>
    /// (null: not a member yet) to <paramref name="newRole"/> (null: removed); null when none is.
    /// </summary>
    public static string? ExtraPermissionFor(string? currentRole, string? newRole) =>
        currentRole == Roles.Admin || newRole == Roles.Admin ? SpacePermissions.AdminsManage : null;

    /// <summary>The order of the roles, weakest first: 0 for no role (not a member), 4 for the owner.</summary>
    public static int Rank(string? role) => role switch
    {
        Roles.Member => 1,
        Roles.Manager => 2,
        Roles.Admin => 3,
        Roles.Owner => 4,
        _ => 0,
    };

    /// <summary>The owner's membership is not changed or removed by membership routes (409).</summary>
    public static bool IsProtected(string? currentRole) => currentRole == Roles.Owner;
}
