using System.Globalization;
using Atrium.Api.Infrastructure.Errors;

namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>
/// The caller as a member of the project named by the route value <c>id</c> (<c>/projects/{id:long}/…</c>),
/// bound before the handler runs: a caller who is not a member answers 404 (<c>project_not_found</c>)
/// without the handler opening a connection.
/// </summary>
public sealed record ProjectMember(long SpaceId, long UserId, string Role, IReadOnlySet<string> Permissions)
    : SpaceMember(SpaceId, SpaceKind.Project, UserId, Role, Permissions)
{
    public static async ValueTask<ProjectMember?> BindAsync(HttpContext http)
    {
        // the route constraint {id:long} guarantees a number; anything else never reaches the endpoint
        if (!long.TryParse(http.Request.RouteValues["id"]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var projectId))
            throw new ProblemException(PermissionEngine.NotFound(SpaceKind.Project));
        var member = await PermissionEngine.EnterAsync(http, SpaceKind.Project, projectId);
        return new ProjectMember(member.SpaceId, member.UserId, member.Role, member.Permissions);
    }
}
