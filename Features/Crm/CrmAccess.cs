using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
using Npgsql;

namespace Atrium.Api.Features.Crm;

/// <summary>The first step of every CRM slice: the organization of the request and the caller as its member.</summary>
public static class CrmAccess
{
    /// <summary>
    /// Reads <c>X-Organization-Id</c> (400 when missing or malformed) and finds the caller among the
    /// organization's members (404 when not one).
    /// </summary>
    public static async Task<Access> EnterAsync(HttpContext http, NpgsqlConnection connection, CancellationToken ct,
        NpgsqlTransaction? transaction = null)
    {
        var (organizationId, problem) = OrganizationContext.Read(http);
        if (problem is not null)
            return new Access(null, problem);
        return await PermissionEngine.MemberAsync(connection, SpaceKind.Organization, organizationId, http.User.UserId(), ct, transaction);
    }

    /// <summary>
    /// Whether <paramref name="member"/> may change something owned by <paramref name="ownerId"/>:
    /// their own things always, anyone's with <paramref name="manageAllPermission"/>.
    /// </summary>
    public static bool MayChange(this SpaceMember member, long ownerId, string manageAllPermission) =>
        ownerId == member.UserId || member.Has(manageAllPermission);
}
