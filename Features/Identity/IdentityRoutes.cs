namespace Atrium.Api.Features.Identity;

/// <summary>
/// Where the identity slices hang: <c>/api/v1/auth</c> (anonymous unless said otherwise), <c>/api/v1/me</c> and
/// <c>/api/v1/users</c> (what one signed-in person may read of another).
/// </summary>
public static class IdentityRoutes
{
    public const string Tag = "Identity";

    public static RouteGroupBuilder MapAuthGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/auth").WithTags(Tag);

    public static RouteGroupBuilder MapMeGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/me").WithTags(Tag).RequireAuthorization();

    public static RouteGroupBuilder MapUsersGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/users").WithTags(Tag).RequireAuthorization();
}
