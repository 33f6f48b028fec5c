using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Redis;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Identity.LoginOtp;

public sealed record ResendLoginOtpRequest(string ChallengeId);

public sealed class ResendLoginOtpValidator : AbstractValidator<ResendLoginOtpRequest>
{
    public ResendLoginOtpValidator() =>
        RuleFor(r => r.ChallengeId).NotEmpty().Must(LoginChallenges.IsWellFormed).WithMessage("'challenge_id' is not a challenge id.");
}

public sealed class ResendLoginOtpEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/login/otp/resend", Handle)
            .Validate<ResendLoginOtpRequest>()
            .WithName("ResendLoginOtp")
            .WithSummary("Mail a new code for a two-step login challenge; the earlier code dies and the 10 minutes start again.")
            .WithDescription("One code per challenge per cooldown (60 s): 429 with `Retry-After`. Wrong codes entered so far still count. "
                + "400 `challenge_not_found`, `challenge_expired`, `challenge_used`, `challenge_burned`.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Accepted, ProblemHttpResult>> Handle(
        ResendLoginOtpRequest request, HttpContext http, RedisStore redis, IOptions<AuthOptions> auth, TimeProvider clock,
        NpgsqlDataSource db, RateLimiter limiter, IOptions<RateLimitOptions> limits, CancellationToken ct)
    {
        var limit = await limiter.HitAsync("mail:ip:" + ClientInfo.IpOf(http), limits.Value.MailPerIp);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);

        var challenges = new LoginChallenges(redis, auth, clock);
        var (refusal, wait, code) = await challenges.ResendAsync(request.ChallengeId, ChallengePurpose.Login);
        if (refusal is { } refused)
            return LoginChallenges.Refused(refused);
        if (code is null)
            return Problems.TooManyRequests(http, wait);

        var userId = await challenges.UserOfAsync(request.ChallengeId);
        await using var connection = await db.OpenConnectionAsync(ct);
        var account = await connection.QuerySingleOrDefaultAsync<(string Email, string Locale)?>(new CommandDefinition(
            "select email, locale from users where id = @userId", new { userId }, cancellationToken: ct));
        if (account is { } found)
            await IdentityMail.LoginCode(found.Email, code, auth.Value.LoginCodeMinutes, found.Locale).EnqueueAsync(connection, null, ct);
        return TypedResults.Accepted((string?)null);
    }
}
