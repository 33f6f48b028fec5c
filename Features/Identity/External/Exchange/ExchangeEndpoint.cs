using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Redis;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Identity.External.Exchange;

/// <summary>The one-time code the callback handed the client.</summary>
public sealed record ExchangeRequest(string Code);

public sealed class ExchangeValidator : AbstractValidator<ExchangeRequest>
{
    public ExchangeValidator() => RuleFor(r => r.Code).NotEmpty().MaximumLength(100);
}

public sealed class ExchangeEndpoint : ICarterModule
{
    private const string FindAccount = $"""
        select u.email_confirmed_at is not null as email_confirmed, u.email, u.locale, {LoginChallenges.NeedsCodeOfU} as needs_code
        from users u where u.id = @id
        """;

    private sealed record Account(bool EmailConfirmed, string Email, string Locale, bool NeedsCode);

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/external/exchange", Handle)
            .Validate<ExchangeRequest>()
            .WithName("ExchangeExternalCode")
            .WithSummary("Trade the one-time code of an outside sign-in for Atrium's tokens.")
            .WithDescription("Answers exactly as `POST /auth/login` does after the password: the same session and refresh rotation, "
                + "403 `email_not_confirmed` under `Auth:RequireConfirmedEmail`, and the two-step challenge "
                + "(`{otp_required, challenge_id, expires_in}`, finished with `POST /auth/login/otp`) when the account or one of "
                + "its organizations requires it. The code lives 60 s and works once: unknown, used or expired is 400 `exchange_code_invalid`.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<Results<Ok<TokenResponse>, Ok<OtpChallengeResponse>, ProblemHttpResult>> Handle(
        ExchangeRequest request, HttpContext http, ExchangeCodes codes, NpgsqlDataSource db, SessionStore sessions, TokenIssuer tokens,
        IOptions<AuthOptions> auth, RedisStore redis, TimeProvider clock, CancellationToken ct)
    {
        if (await codes.TakeAsync(ExchangeCodes.Exchange, request.Code) is not { } userId)
            return Problems.Invalid("code", "exchange_code_invalid", "The code is unknown, used or expired; sign in again.");

        await using var connection = await db.OpenConnectionAsync(ct);
        var account = await connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(FindAccount, new { id = userId }, cancellationToken: ct));
        if (account is null)
            return Problems.Invalid("code", "exchange_code_invalid", "The code is unknown, used or expired; sign in again.");
        if (auth.Value.RequireConfirmedEmail && !account.EmailConfirmed)
            return Problems.ForbiddenBy("email_not_confirmed", "Confirm your address first (POST /auth/confirm-email; a new code: POST /auth/confirm-email/resend).");

        // Two-step login applies to outside sign-in too: the provider proved the outside account, the mailed code the person.
        if (account.NeedsCode)
        {
            var challenges = new LoginChallenges(redis, auth, clock);
            var (challengeId, code) = await challenges.OpenAsync(userId, ChallengePurpose.Login);
            await IdentityMail.LoginCode(account.Email, code, auth.Value.LoginCodeMinutes, account.Locale).EnqueueAsync(connection, null, ct);
            return TypedResults.Ok(new OtpChallengeResponse(true, challengeId, (int)challenges.Life.TotalSeconds));
        }

        return TypedResults.Ok(await TokenResponse.OpenSessionAsync(userId, http, sessions, tokens));
    }
}
