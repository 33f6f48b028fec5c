using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Redis;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Features.Identity.LoginOtp;

public sealed record LoginOtpRequest(string ChallengeId, string Code);

public sealed class LoginOtpValidator : AbstractValidator<LoginOtpRequest>
{
    public LoginOtpValidator()
    {
        RuleFor(r => r.ChallengeId).NotEmpty().Must(LoginChallenges.IsWellFormed).WithMessage("'challenge_id' is not a challenge id.");
        RuleFor(r => r.Code).NotEmpty().Matches("^[0-9]{6}$").WithMessage("'code' must be 6 digits.");
    }
}

public sealed class LoginOtpEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/login/otp", Handle)
            .Validate<LoginOtpRequest>()
            .WithName("LoginOtp")
            .WithSummary("Finish a two-step login with the mailed 6-digit code.")
            .WithDescription("Opens the session as `POST /auth/login` does. 400 `invalid_code` for a wrong code; the 5th wrong code "
                + "burns the challenge (`challenge_burned`); `challenge_expired` after 10 minutes, `challenge_used` once it "
                + "opened a session, `challenge_not_found` for an unknown id. Limited per IP and per account (429).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(
        LoginOtpRequest request, HttpContext http, RedisStore redis, IOptions<AuthOptions> auth, TimeProvider clock,
        SessionStore sessions, TokenIssuer tokens, RateLimiter limiter, IOptions<RateLimitOptions> limits)
    {
        var challenges = new LoginChallenges(redis, auth, clock);
        var userId = await challenges.UserOfAsync(request.ChallengeId);
        var limit = userId is null
            ? await limiter.HitAsync("code:ip:" + ClientInfo.IpOf(http), limits.Value.CodePerIp)
            : await limiter.HitEachAsync(
                ("code:ip:" + ClientInfo.IpOf(http), limits.Value.CodePerIp),
                ("code:user:" + userId, limits.Value.CodePerAccount));
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);

        var (outcome, user) = await challenges.CheckAsync(request.ChallengeId, request.Code, ChallengePurpose.Login);
        if (outcome != ChallengeOutcome.Passed)
            return LoginChallenges.Refused(outcome);
        return TypedResults.Ok(await TokenResponse.OpenSessionAsync(user, http, sessions, tokens));
    }
}
