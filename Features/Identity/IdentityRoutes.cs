namespace Atrium.Api.Features.Identity;

/// <summary>Where the identity slices hang: <c>/api/v1/auth</c> (anonymous unless said otherwise) and <c>/api/v1/me</c>.</summary>
public static class IdentityRoutes
{
    public const string Tag = "Identity";

    public static RouteGroupBuilder MapAuthGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/auth").WithTags(Tag);

    public static RouteGroupBuilder MapMeGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/me").WithTags(Tag).RequireAuthorization();
}
