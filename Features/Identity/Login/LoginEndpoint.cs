using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Mail;
using Atrium.Api.Infrastructure.Redis;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Identity.Login;

/// <summary>Either <c>email</c> or <c>username</c>, and the password.</summary>
[RequestExample("""{"email": "ada@example.com", "password": "correct-horse-battery-42"}""")]
public sealed record LoginRequest(string? Email, string? Username, string Password);

public sealed class LoginValidator : AbstractValidator<LoginRequest>
{
    public LoginValidator()
    {
        RuleFor(r => r).Must(r => string.IsNullOrWhiteSpace(r.Email) != string.IsNullOrWhiteSpace(r.Username))
            .WithName("email").WithMessage("Give either 'email' or 'username'.");
        RuleFor(r => r.Email).MaximumLength(IdentityRules.MaxEmailLength);
        RuleFor(r => r.Username).MaximumLength(32);
        RuleFor(r => r.Password).NotEmpty();
        RuleFor(r => r.Password).Must(p => System.Text.Encoding.UTF8.GetByteCount(p) <= PasswordPolicy.MaxBytes)
            .When(r => r.Password is not null)
            .WithMessage($"Password must be at most {PasswordPolicy.MaxBytes} bytes in UTF-8.");
    }
}

public sealed class LoginEndpoint : ICarterModule
{
    // One statement per way of naming the account, each on its own unique index. The two were one statement with
    // "(@email is not null and …) or (@username is not null and …)": once Npgsql prepares it (Database:MaxAutoPrepare),
    // PostgreSQL's generic plan for that OR is a sequential scan of users, 40-90 ms a login at 100k users (decision 37).
    public const string FindAccountByEmail = $"""
        select u.id, u.password_hash, u.email_confirmed_at is not null as email_confirmed, u.email, u.locale,
               {LoginChallenges.NeedsCodeOfU} as needs_code
        from users u
        where lower(u.email) = lower(@name)
        """;

    public const string FindAccountByUsername = $"""
        select u.id, u.password_hash, u.email_confirmed_at is not null as email_confirmed, u.email, u.locale,
               {LoginChallenges.NeedsCodeOfU} as needs_code
        from users u
        where lower(u.username) = lower(@name) and u.username is not null
        """;

    private sealed record Account(long Id, string? PasswordHash, bool EmailConfirmed, string Email, string Locale, bool NeedsCode);

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/login", Handle)
            .Validate<LoginRequest>()
            .WithName("Login")
            .WithSummary("Log in with e-mail or username and password.")
            .WithDescription("Opens a session that lives until 2 hours after its last request (capped at 30 days) and returns "
                + "a 15-minute access token naming it plus a single-use refresh token. Wrong credentials are 401 "
                + "`invalid_credentials` whether or not the account exists; attempts are limited per IP and per account (429). "
                + "With `Auth:RequireConfirmedEmail`, a right password for an unconfirmed address is 403 `email_not_confirmed`. "
                + "When the account has two-step login on, or belongs to an organization whose settings say "
                + "`require_two_step_login: true`, the answer is instead `{otp_required: true, challenge_id, expires_in}` and a "
                + "6-digit code is mailed: finish with `POST /auth/login/otp`." + HashingQueue.BusyNote)
            .AddOpenApiOperationTransformer((operation, context, _) =>
            {
                // Two shapes share 200: tokens, or a two-step challenge.
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue("application/json", out var media) == true)
                    media.Schema = new OpenApiSchema
                    {
                        OneOf = [new OpenApiSchemaReference(nameof(TokenResponse), context.Document), new OpenApiSchemaReference(nameof(OtpChallengeResponse), context.Document)],
                    };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Ok<TokenResponse>, Ok<OtpChallengeResponse>, ProblemHttpResult>> Handle(
        LoginRequest request, HttpContext http, NpgsqlDataSource db, HashingQueue queue, PasswordHasher hasher, SessionStore sessions,
        TokenIssuer tokens, RateLimiter limiter, IOptions<RateLimitOptions> limits, IOptions<AuthOptions> auth,
        RedisStore redis, TimeProvider clock, CancellationToken ct)
    {
        // Every login hashes (a decoy for unknown accounts), so it takes its place on the hashing queue before any I/O:
        // during a storm a login waiting for a place or refused costs no Redis script, no account lookup and no exception
        // (decision 37).
        using var slot = await queue.ReserveAsync(ct);
        if (slot is null)
            return HashingQueue.Refuse(http);

        var perIp = await limiter.HitAsync("login:ip:" + ClientInfo.IpOf(http), limits.Value.LoginPerIp);
        if (!perIp.Allowed)
            return Problems.TooManyRequests(http, perIp.RetryAfter);

        // The connection goes back to the pool before the hash: a login waiting its turn on the queue holds none.
        var byEmail = !string.IsNullOrWhiteSpace(request.Email);
        var name = (byEmail ? request.Email : request.Username)!.Trim();
        Account? account;
        await using (var lookup = await db.OpenConnectionAsync(ct))
            account = await lookup.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(
                byEmail ? FindAccountByEmail : FindAccountByUsername, new { name }, cancellationToken: ct));

        // Counted per account, whether its e-mail or its username was typed; a name that is no account is counted as typed.
        var perAccount = await limiter.HitAsync(
            account is null ? "login:unknown:" + name.ToLowerInvariant() : "login:account:" + account.Id,
            limits.Value.LoginPerAccount);
        if (!perAccount.Allowed)
            return Problems.TooManyRequests(http, perAccount.RetryAfter);

        // Unknown accounts and accounts without a password are verified against a decoy hash:
        // the answer takes as long as for a real account with a wrong password.
        var check = await hasher.VerifyAsync(slot, account?.PasswordHash, request.Password, ct);
        if (account is null || !check.Valid)
            return Problems.Unauthorized("invalid_credentials", "The e-mail/username or the password is wrong.");
        if (auth.Value.RequireConfirmedEmail && !account.EmailConfirmed)
            return Problems.ForbiddenBy("email_not_confirmed", "Confirm your address first (POST /auth/confirm-email; a new code: POST /auth/confirm-email/resend).");

        if (check.NeedsRehash)
        {
            var upgraded = await hasher.HashAsync(request.Password, ct);
            await using var connection = await db.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "update users set password_hash = @upgraded where id = @id", new { upgraded, account.Id }, cancellationToken: ct));
        }

        if (account.NeedsCode)
        {
            var challenges = new LoginChallenges(redis, auth, clock);
            var (challengeId, code) = await challenges.OpenAsync(account.Id, ChallengePurpose.Login);
            await using var connection = await db.OpenConnectionAsync(ct);
            await IdentityMail.LoginCode(account.Email, code, auth.Value.LoginCodeMinutes, account.Locale).EnqueueAsync(connection, null, ct);
            return TypedResults.Ok(new OtpChallengeResponse(true, challengeId, (int)challenges.Life.TotalSeconds));
        }

        return TypedResults.Ok(await TokenResponse.OpenSessionAsync(account.Id, http, sessions, tokens));
    }
}
