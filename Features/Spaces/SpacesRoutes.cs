using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces;

/// <summary>
/// Where the space slices hang. Every per-space route is mapped twice, once under
/// <c>/api/v1/organizations/{id}</c> and once under <c>/api/v1/projects/{id}</c>, from the same handler.
/// </summary>
public static class SpacesRoutes
{
    public const string OrganizationsTag = "Organizations";
    public const string ProjectsTag = "Projects";
    public const string MineTag = "My spaces";

    public static readonly IReadOnlyList<SpaceKind> Kinds = [SpaceKind.Organization, SpaceKind.Project];

    public static string BasePath(SpaceKind kind) => kind == SpaceKind.Organization ? "/api/v1/organizations" : "/api/v1/projects";

    public static string TagOf(SpaceKind kind) => kind == SpaceKind.Organization ? OrganizationsTag : ProjectsTag;

    /// <summary>A unique operation name per kind: <c>ListMembers</c> → <c>ProjectListMembers</c>.</summary>
    public static string Name(SpaceKind kind, string operation) =>
        (kind == SpaceKind.Organization ? "Organization" : "Project") + operation;

    /// <summary><c>/api/v1/organizations</c> or <c>/api/v1/projects</c> (the collection), signed in.</summary>
    public static RouteGroupBuilder MapKindGroup(this IEndpointRouteBuilder app, SpaceKind kind) =>
        app.MapGroup(BasePath(kind)).WithTags(TagOf(kind)).RequireAuthorization();

    /// <summary>The two groups <c>/api/v1/organizations/{id}</c> and <c>/api/v1/projects/{id}</c>, each carrying its kind.</summary>
    public static IEnumerable<(SpaceKind Kind, RouteGroupBuilder Group)> MapSpaceGroups(this IEndpointRouteBuilder app) =>
        Kinds.Select(kind => (kind, app.MapGroup(BasePath(kind) + "/{id:long}")
            .WithTags(TagOf(kind))
            .RequireAuthorization()
            .WithMetadata(new SpaceKindMetadata(kind))
            .DocumentRouteId(kind == SpaceKind.Organization ? "The organization's id." : "The project's id.")));

    /// <summary><c>/api/v1/me</c>: the caller's projects, organizations, requests and invitations.</summary>
    public static RouteGroupBuilder MapMySpacesGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/me").WithTags(MineTag).RequireAuthorization();

    /// <summary><c>/api/v1/invitations</c>: answering an invitation addressed to the caller.</summary>
    public static RouteGroupBuilder MapInvitationsGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/invitations").WithTags(MineTag).RequireAuthorization();
}
