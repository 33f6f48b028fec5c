using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;

namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>
/// The caller and the organization named by the <c>X-Organization-Id</c> header, bound without a query: a missing or
/// malformed header answers 400 like <see cref="OrganizationMember"/>, but membership is not checked yet. A read-only
/// handler of a read every member may make takes it and sends the check and its own read in one round trip
/// (<see cref="PermissionEngine.ReadAsMemberAsync"/>) and answers the check's 404 before looking at what it read.
/// Writes take <see cref="OrganizationMember"/>: nothing may run before the caller is known to be a member.
/// </summary>
public sealed record OrganizationCaller(long SpaceId, long UserId)
{
    public static ValueTask<OrganizationCaller?> BindAsync(HttpContext http)
    {
        var (organizationId, problem) = OrganizationContext.Read(http);
        if (problem is not null)
            throw new ProblemException(problem);
        return ValueTask.FromResult<OrganizationCaller?>(new OrganizationCaller(organizationId, http.User.UserId()));
    }
}
