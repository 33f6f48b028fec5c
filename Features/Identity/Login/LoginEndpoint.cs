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

namespace Atrium.Api.Features.Identity.Login;

/// <summary>Either <c>email</c> or <c>username</c>, and the password.</summary>
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
    private const string FindAccount = """
        select id, password_hash
        from users
        where (@Email::text is not null and lower(email) = lower(@Email))
           or (@Username::text is not null and lower(username) = lower(@Username))
        limit 1
        """;

    private sealed record Account(long Id, string? PasswordHash);

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/login", Handle)
            .Validate<LoginRequest>()
            .WithName("Login")
            .WithSummary("Log in with e-mail or username and password.")
            .WithDescription("Opens a session that lives until 2 hours after its last request (capped at 30 days) and returns "
                + "a 15-minute access token naming it plus a single-use refresh token. Wrong credentials are 401 "
                + "`invalid_credentials` whether or not the account exists; attempts are limited per IP and per account (429).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(
        LoginRequest request, HttpContext http, NpgsqlDataSource db, PasswordHasher hasher, SessionStore sessions,
        TokenIssuer tokens, RateLimiter limiter, IOptions<RateLimitOptions> limits, CancellationToken ct)
    {
        var perIp = await limiter.HitAsync("login:ip:" + ClientInfo.IpOf(http), limits.Value.LoginPerIp);
        if (!perIp.Allowed)
            return Problems.TooManyRequests(http, perIp.RetryAfter);

        await using var connection = await db.OpenConnectionAsync(ct);
        var account = await connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(FindAccount,
            new { Email = request.Email?.Trim(), Username = request.Username?.Trim() }, cancellationToken: ct));

        // Counted per account, whether its e-mail or its username was typed; a name that is no account is counted as typed.
        var perAccount = await limiter.HitAsync(
            account is null ? "login:unknown:" + (request.Email ?? request.Username)!.Trim().ToLowerInvariant() : "login:account:" + account.Id,
            limits.Value.LoginPerAccount);
        if (!perAccount.Allowed)
            return Problems.TooManyRequests(http, perAccount.RetryAfter);

        // Unknown accounts and accounts without a password are verified against a decoy hash:
        // the answer takes as long as for a real account with a wrong password.
        var check = await hasher.VerifyAsync(account?.PasswordHash, request.Password, ct);
        if (account is null || !check.Valid)
            return Problems.Unauthorized("invalid_credentials", "The e-mail/username or the password is wrong.");

        if (check.NeedsRehash)
        {
            var upgraded = await hasher.HashAsync(request.Password, ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "update users set password_hash = @upgraded where id = @Id", new { upgraded, account.Id }, cancellationToken: ct));
        }

        var session = await sessions.CreateAsync(account.Id, ClientInfo.IpOf(http), ClientInfo.UserAgentOf(http));
        var access = tokens.IssueAccessToken(account.Id, session.Id, session.AbsoluteExpiry);
        return TypedResults.Ok(TokenResponse.Of(access, session.RefreshToken, session.Id));
    }
}
