using System.Globalization;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;

namespace Atrium.Api.Features.Spaces;

/// <summary>Route-group metadata that says which kind of space the routes below it address.</summary>
public sealed record SpaceKindMetadata(SpaceKind Kind)
{
    /// <summary>The kind of the group and the <c>{id}</c> route value of a request under <c>/organizations/{id}</c> or <c>/projects/{id}</c>.</summary>
    public static (SpaceKind Kind, long Id) Read(HttpContext http)
    {
        var kind = http.GetEndpoint()?.Metadata.GetMetadata<SpaceKindMetadata>()?.Kind
            ?? throw new InvalidOperationException("A space binder is used outside the groups of SpacesRoutes.MapSpaceGroups.");
        // the route constraint {id:long} lets only numbers reach the endpoint
        return long.TryParse(http.Request.RouteValues["id"]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? (kind, id)
            : throw new ProblemException(PermissionEngine.NotFound(kind));
    }
}

/// <summary>
/// The caller as a member of the space a route under <c>/organizations/{id}</c> or <c>/projects/{id}</c> addresses
/// (the kind is the route group's metadata, so one handler serves both kinds). Bound before the handler runs:
/// a caller who is not a member answers 404 (<c>organization_not_found</c> or <c>project_not_found</c>).
/// </summary>
public sealed record MemberOfSpace(long SpaceId, SpaceKind Kind, long UserId, string Role, IReadOnlySet<string> Permissions)
    : SpaceMember(SpaceId, Kind, UserId, Role, Permissions)
{
    public static async ValueTask<MemberOfSpace?> BindAsync(HttpContext http)
    {
        var (kind, id) = SpaceKindMetadata.Read(http);
        var member = await PermissionEngine.EnterAsync(http, kind, id);
        return new MemberOfSpace(member.SpaceId, member.Kind, member.UserId, member.Role, member.Permissions);
    }
}

/// <summary>
/// Who reads a space itself: a member (<see cref="Member"/> set) or, when the space is public, any signed-in
/// user (<see cref="Member"/> null). A private space is 404 to non-members, as for <see cref="MemberOfSpace"/>.
/// </summary>
public sealed record ViewerOfSpace(SpaceKind Kind, long Id, SpaceMember? Member)
{
    public static async ValueTask<ViewerOfSpace?> BindAsync(HttpContext http)
    {
        var (kind, id) = SpaceKindMetadata.Read(http);
        var member = await PermissionEngine.ViewAsync(http, kind, id);
        return new ViewerOfSpace(kind, id, member);
    }
}
