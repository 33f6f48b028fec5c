using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Identity.Sessions;

public sealed class RevokeSessionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapDelete("/sessions/{id}", Handle)
            .RequireAuthorization()
            .WithName("RevokeSession")
            .WithSummary("End one of the caller's sessions (for example a lost phone).")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(string id, ClaimsPrincipal user, SessionStore sessions)
    {
        if (!SessionIds.IsWellFormed(id) || !await sessions.RevokeAsync(user.UserId(), id))
            return Problems.NotFound("session_not_found", "No live session of yours has this id.");
        return TypedResults.NoContent();
    }
}
