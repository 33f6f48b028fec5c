using Atrium.Api.Infrastructure.Auth;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;

namespace Atrium.Api.Features.Identity.Logout;

public sealed class LogoutEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/logout", Handle)
            .RequireAuthorization()
            .WithName("Logout")
            .WithSummary("End the current session at once.")
            .WithDescription("The access token and the refresh token of this session stop working immediately.");

    private static async Task<NoContent> Handle(ClaimsPrincipal user, SessionStore sessions)
    {
        await sessions.RevokeAsync(user.UserId(), user.SessionIdOf());
        return TypedResults.NoContent();
    }
}
