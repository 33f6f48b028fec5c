using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Redis;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Features.Identity.Refresh;

public sealed record RefreshRequest(string RefreshToken);

public sealed class RefreshValidator : AbstractValidator<RefreshRequest>
{
    public RefreshValidator() => RuleFor(r => r.RefreshToken).NotEmpty().MaximumLength(200);
}

public sealed class RefreshEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/refresh", Handle)
            .Validate<RefreshRequest>()
            .WithName("Refresh")
            .WithSummary("Exchange a refresh token for a new token pair.")
            .WithDescription("Refresh tokens are single-use: the presented one dies. Presenting a token that was already "
                + "rotated is treated as theft and ends the whole session (401 `refresh_token_reused`).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(
        RefreshRequest request, HttpContext http, SessionStore sessions, TokenIssuer tokens,
        RateLimiter limiter, IOptions<RateLimitOptions> limits)
    {
        var limit = await limiter.HitAsync("refresh:ip:" + ClientInfo.IpOf(http), limits.Value.RefreshPerIp);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);

        if (RefreshTokens.Parse(request.RefreshToken) is not { } presented)
            return Problems.Unauthorized("invalid_refresh_token", "The refresh token is malformed.");
        var (sessionId, hash) = presented;

        var rotation = await sessions.RotateAsync(sessionId, hash);
        return rotation.Outcome switch
        {
            RotationOutcome.Rotated => TypedResults.Ok(TokenResponse.Of(
                tokens.IssueAccessToken(rotation.UserId, sessionId, rotation.AbsoluteExpiry), rotation.RefreshToken!, sessionId)),
            RotationOutcome.ReuseDetected => Problems.Unauthorized("refresh_token_reused",
                "This refresh token was already used; the session has been ended. Log in again."),
            _ => Problems.Unauthorized("invalid_refresh_token", "The refresh token is unknown or its session has ended."),
        };
    }
}
