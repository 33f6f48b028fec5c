using Atrium.Api.Infrastructure.Errors;

namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>
/// The caller as a member of the organization named by the <c>X-Organization-Id</c> header, bound before the
/// handler runs: a missing or malformed header answers 400 (<c>organization_header_missing</c>,
/// <c>organization_header_invalid</c>) and a caller who is not a member 404 (<c>organization_not_found</c>),
/// all without the handler opening a connection. A handler that takes it starts with its own SQL.
/// </summary>
public sealed record OrganizationMember(long SpaceId, long UserId, string Role, IReadOnlySet<string> Permissions)
    : SpaceMember(SpaceId, SpaceKind.Organization, UserId, Role, Permissions)
{
    public static async ValueTask<OrganizationMember?> BindAsync(HttpContext http)
    {
        var (organizationId, problem) = OrganizationContext.Read(http);
        if (problem is not null)
            throw new ProblemException(problem);
        var member = await PermissionEngine.EnterAsync(http, SpaceKind.Organization, organizationId);
        return new OrganizationMember(member.SpaceId, member.UserId, member.Role, member.Permissions);
    }
}
