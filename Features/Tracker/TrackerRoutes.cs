using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Permissions;

namespace Atrium.Api.Features.Tracker;

/// <summary>
/// Where the tracker slices hang: <c>/api/v1/projects/{id}/tasks</c>, for logged-in project members. Handlers take
/// <see cref="ProjectMember"/> (the project of the route and the caller's membership, resolved before they run).
/// </summary>
public static class TrackerRoutes
{
    public const string Tag = "Tracker";

    public static RouteGroupBuilder MapTasksGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/projects/{id:long}/tasks").WithTags(Tag).RequireAuthorization().DocumentRouteId();

    public static string TaskUrl(long projectId, long taskId) => $"/api/v1/projects/{projectId}/tasks/{taskId}";
}
