using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Atrium.Api.Infrastructure.Http;

namespace Atrium.Api.Features.Identity.Sessions;

public sealed record SessionResponse(
    string Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt,
    string? Ip, string? UserAgent, bool Current);

public sealed class ListSessionsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapGet("/sessions", Handle)
            .RequireAuthorization()
            .WithName("ListSessions")
            .WithSummary("The caller's live sessions, most recently used first.")
            .WithDescription("`expires_at` is the absolute end; a session also ends 2 hours after `last_seen_at`.");

    private static async Task<Results<Ok<Paged<SessionResponse>>, ProblemHttpResult>> Handle(ClaimsPrincipal user, SessionStore sessions,
        [AsParameters] PageQuery paging)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        var current = user.SessionIdOf();
        var live = await sessions.ListAsync(user.UserId());
        IReadOnlyList<SessionResponse> items = live
            .Select(s => new SessionResponse(s.Id, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.Ip, s.UserAgent, s.Id == current))
            .ToList();
        return TypedResults.Ok(paging.Slice(items));
    }
}
