using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
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

namespace Atrium.Api.Features.Identity.TwoStepLogin;

public sealed record TurnOffTwoStepLoginRequest(string ChallengeId, string Code);

public sealed class TurnOffTwoStepLoginValidator : AbstractValidator<TurnOffTwoStepLoginRequest>
{
    public TurnOffTwoStepLoginValidator()
    {
        RuleFor(r => r.ChallengeId).NotEmpty().Must(LoginChallenges.IsWellFormed).WithMessage("'challenge_id' is not a challenge id.");
        RuleFor(r => r.Code).NotEmpty().Matches("^[0-9]{6}$").WithMessage("'code' must be 6 digits.");
    }
}

/// <summary>Two-step login of the caller's own account: on at once, off only with a mailed code.</summary>
public sealed class TwoStepLoginEndpoints : ICarterModule
{
    private const string Set = $"update users set two_step_login = @on where id = @userId returning {UserResponse.Columns}";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var me = app.MapMeGroup();
        me.MapPost("/two-step-login", TurnOn)
            .WithName("TurnOnTwoStepLogin")
            .WithSummary("Ask for a mailed code at every login of this account from now on.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        me.MapPost("/two-step-login/off-code", MailOffCode)
            .WithName("MailTwoStepLoginOffCode")
            .WithSummary("Mail a code that turns two-step login off; answers the challenge to send it with.")
            .WithDescription("One code per cooldown per account (429 with `Retry-After`).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        me.MapPost("/two-step-login/off", TurnOff)
            .Validate<TurnOffTwoStepLoginRequest>()
            .WithName("TurnOffTwoStepLogin")
            .WithSummary("Turn two-step login off with the mailed code.")
            .WithDescription("400 `invalid_code`, `challenge_burned` (5 wrong codes), `challenge_expired`, `challenge_used`, "
                + "`challenge_not_found` (also for a challenge of another account). An organization that requires two-step "
                + "login still asks its members for a code.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> TurnOn(ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var me = await connection.QuerySingleOrDefaultAsync<UserResponse>(new CommandDefinition(Set, new { on = true, userId = user.UserId() }, cancellationToken: ct));
        return me is null ? UserResponse.NotFound() : TypedResults.Ok(me);
    }

    private static async Task<Results<Ok<OtpChallengeResponse>, ProblemHttpResult>> MailOffCode(
        ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db, RedisStore redis, IOptions<AuthOptions> auth, TimeProvider clock,
        RateLimiter limiter, CancellationToken ct)
    {
        var userId = user.UserId();
        var limit = await limiter.HitAsync("two-step-off:user:" + userId, new RateLimitRule { Limit = 1, WindowSeconds = auth.Value.ResendCooldownSeconds });
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);

        await using var connection = await db.OpenConnectionAsync(ct);
        var account = await connection.QuerySingleOrDefaultAsync<(string Email, string Locale)?>(new CommandDefinition(
            "select email, locale from users where id = @userId", new { userId }, cancellationToken: ct));
        if (account is not { } found)
            return UserResponse.NotFound();
        var challenges = new LoginChallenges(redis, auth, clock);
        var (id, code) = await challenges.OpenAsync(userId, ChallengePurpose.TwoStepOff);
        await IdentityMail.TwoStepOffCode(found.Email, code, auth.Value.LoginCodeMinutes, found.Locale).EnqueueAsync(connection, null, ct);
        return TypedResults.Ok(new OtpChallengeResponse(true, id, (int)challenges.Life.TotalSeconds));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> TurnOff(
        TurnOffTwoStepLoginRequest request, ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db, RedisStore redis,
        IOptions<AuthOptions> auth, TimeProvider clock, RateLimiter limiter, IOptions<RateLimitOptions> limits, CancellationToken ct)
    {
        var userId = user.UserId();
        var limit = await limiter.HitAsync("code:user:" + userId, limits.Value.CodePerAccount);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);

        var challenges = new LoginChallenges(redis, auth, clock);
        if (await challenges.UserOfAsync(request.ChallengeId) != userId)
            return LoginChallenges.Refused(ChallengeOutcome.NotFound);
        var (outcome, _) = await challenges.CheckAsync(request.ChallengeId, request.Code, ChallengePurpose.TwoStepOff);
        if (outcome != ChallengeOutcome.Passed)
            return LoginChallenges.Refused(outcome);

        await using var connection = await db.OpenConnectionAsync(ct);
        var me = await connection.QuerySingleOrDefaultAsync<UserResponse>(new CommandDefinition(Set, new { on = false, userId }, cancellationToken: ct));
        return me is null ? UserResponse.NotFound() : TypedResults.Ok(me);
    }
}
