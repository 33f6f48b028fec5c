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

namespace Atrium.Api.Features.Identity;

/// <summary>The token of a mailed link and the new password (used by both a reset and an account's first password).</summary>
public sealed record TokenPasswordRequest(string Token, string Password);

public sealed class TokenPasswordValidator : AbstractValidator<TokenPasswordRequest>
{
    public TokenPasswordValidator(IOptions<PasswordOptions> passwords)
    {
        RuleFor(r => r.Token).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Password).AcceptablePassword(passwords.Value.MinLength);
    }
}

/// <summary>Setting a password from a mailed link: a reset, or the first password of an account made by an administrator.</summary>
public static class PasswordLinks
{
    /// <summary>
    /// The one who proves the address by a mailed link takes the account over: outside accounts linked to it stay
    /// only where their provider verified this very address. Anyone could have registered the address first (with a
    /// password, or at a provider that does not verify addresses) and linked an outside account of their own, which
    /// would otherwise keep a way in after the owner of the address recovered the account.
    /// </summary>
    private const string UnlinkUnprovenIdentities = """
        delete from user_identities i
        using users u
        where u.id = @userId and i.user_id = u.id
          and not (i.email_verified and lower(i.email) = lower(u.email))
        """;

    /// <summary>Checks the link token of <paramref name="purpose"/>, sets the password, confirms the address, ends every session.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> SetWithTokenAsync(
        TokenPasswordRequest request, string purpose, HttpContext http, NpgsqlDataSource db, PasswordHasher hasher, SessionStore sessions,
        RateLimiter limiter, IOptions<RateLimitOptions> limits, CancellationToken ct)
    {
        var limit = await limiter.HitAsync("code:ip:" + ClientInfo.IpOf(http), limits.Value.CodePerIp);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);

        var hash = await hasher.HashAsync(request.Password, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (refusal, proof) = await AccountTokens.UseTokenAsync(connection, transaction, request.Token, [purpose], ct);
        if (proof is null)
        {
            await transaction.RollbackAsync(ct);
            return refusal switch
            {
                ProofRefusal.Expired => Problems.BadRequest("token_expired", "This link has expired; ask for a new one."),
                ProofRefusal.Used => Problems.BadRequest("token_used", "This link was used already."),
                _ => Problems.BadRequest("invalid_token", "This link is not valid."),
            };
        }
        await AccountTokens.SetPasswordAsync(connection, transaction, proof, hash, ct);
        await connection.ExecuteAsync(new CommandDefinition(UnlinkUnprovenIdentities, new { userId = proof.UserId }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        await sessions.RevokeAllAsync(proof.UserId, keepSid: null);
        return TypedResults.NoContent();
    }
}

/// <summary>
/// The two routes that set a password from a mailed link: <c>POST /auth/password/reset</c> (a reset link) and
/// <c>POST /auth/set-password</c> (the first password of an account an administrator made). One handler; the route
/// decides which kind of link it accepts, so a reset link cannot set a first password nor the other way round.
/// </summary>
public sealed class PasswordLinkEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var auth = app.MapAuthGroup();
        auth.MapPost("/password/reset", HandlerFor(AccountTokens.PasswordReset))
            .Validate<TokenPasswordRequest>()
            .WithName("ResetPassword")
            .WithSummary("Set a new password with the token of a reset link; every session of the account ends.")
            .WithDescription("400 `invalid_token`, `token_expired` or `token_used`. The link proves the address, so an unconfirmed "
                + "address becomes confirmed, and outside accounts linked to the account stay linked only where their provider verified "
                + "this address (the owner of the address takes the account over). Limited per IP (429)." + HashingQueue.BusyNote)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/set-password", HandlerFor(AccountTokens.SetPassword))
            .Validate<TokenPasswordRequest>()
            .WithName("SetPassword")
            .WithSummary("Choose the first password of an account an administrator made, with the token of the mailed link.")
            .WithDescription("The link (single use, 72 hours) proves the address, so it becomes confirmed; outside accounts linked "
                + "to the account stay linked only where their provider verified this address. 400 `invalid_token`, "
                + "`token_expired` or `token_used`. Limited per IP (429)." + HashingQueue.BusyNote)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static Func<TokenPasswordRequest, HttpContext, NpgsqlDataSource, PasswordHasher, SessionStore, RateLimiter,
        IOptions<RateLimitOptions>, CancellationToken, Task<Results<NoContent, ProblemHttpResult>>> HandlerFor(string purpose) =>
        (request, http, db, hasher, sessions, limiter, limits, ct) =>
            PasswordLinks.SetWithTokenAsync(request, purpose, http, db, hasher, sessions, limiter, limits, ct);
}
