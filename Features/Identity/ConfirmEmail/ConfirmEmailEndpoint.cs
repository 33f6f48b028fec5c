using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Redis;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Identity.ConfirmEmail;

/// <summary>Either <c>email</c> and the 6-digit <c>code</c>, or the <c>token</c> of the mailed link.</summary>
public sealed record ConfirmEmailRequest(string? Email, string? Code, string? Token);

public sealed class ConfirmEmailValidator : AbstractValidator<ConfirmEmailRequest>
{
    public ConfirmEmailValidator()
    {
        RuleFor(r => r).Must(r => r.Token is not null != (r.Email is not null || r.Code is not null))
            .WithName("token").WithMessage("Give either 'token', or 'email' and 'code'.");
        RuleFor(r => r.Email).NotEmpty().MaximumLength(IdentityRules.MaxEmailLength).When(r => r.Token is null);
        RuleFor(r => r.Code).NotEmpty().Matches("^[0-9]{6}$").When(r => r.Token is null).WithMessage("'code' must be 6 digits.");
        RuleFor(r => r.Token).MaximumLength(100);
    }
}

public sealed class ConfirmEmailEndpoint : ICarterModule
{
    private static readonly string[] Purposes = [AccountTokens.ConfirmEmail, AccountTokens.ChangeEmail];

    private const string ConfirmCurrent = """
        update users set email_confirmed_at = coalesce(email_confirmed_at, now())
        where id = @userId and lower(email) = lower(@email)
        returning id
        """;

    private const string MoveAddress = """
        with old as (select email, locale from users where id = @userId for update)
        update users u set email = @email, email_confirmed_at = now()
        from old
        where u.id = @userId
        returning old.email as old_email, old.locale
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/confirm-email", Handle)
            .Validate<ConfirmEmailRequest>()
            .WithName("ConfirmEmail")
            .WithSummary("Confirm an address with the mailed 6-digit code or link token.")
            .WithDescription("Confirms the account's address, or (after `POST /me/email`) moves the account to the new address "
                + "and tells the old one. A wrong or unknown code is 400 `invalid_code` whether or not an account exists; "
                + "5 wrong codes kill it. Only the right code learns `code_expired` or `code_used`; links answer "
                + "`invalid_token`, `token_expired`, `token_used`. 409 `email_taken` when the new address was taken meanwhile. "
                + "Limited per IP and per address (429).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        ConfirmEmailRequest request, HttpContext http, NpgsqlDataSource db, RateLimiter limiter,
        IOptions<RateLimitOptions> limits, IOptions<AuthOptions> auth, CancellationToken ct)
    {
        var limit = request.Token is not null
            ? await limiter.HitAsync("code:ip:" + ClientInfo.IpOf(http), limits.Value.CodePerIp)
            : await limiter.HitEachAsync(
                ("code:ip:" + ClientInfo.IpOf(http), limits.Value.CodePerIp),
                ("code:account:" + request.Email!.Trim().ToLowerInvariant(), limits.Value.CodePerAccount));
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (refusal, proof) = request.Token is not null
            ? await AccountTokens.UseTokenAsync(connection, transaction, request.Token, Purposes, ct)
            : await AccountTokens.UseCodeAsync(connection, transaction, request.Email!.Trim(), request.Code!, Purposes, auth.Value.CodeMaxAttempts, ct);
        if (proof is null)
        {
            await transaction.CommitAsync(ct);
            return Refused(refusal, request.Token is not null);
        }

        try
        {
            if (proof.Purpose == AccountTokens.ConfirmEmail)
            {
                // A code for an address the account has since left confirms nothing.
                var confirmed = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(ConfirmCurrent,
                    new { proof.UserId, proof.Email }, transaction, cancellationToken: ct));
                if (confirmed is null)
                {
                    await transaction.RollbackAsync(ct);
                    return Refused(ProofRefusal.Invalid, request.Token is not null);
                }
            }
            else
            {
                var moved = await connection.QuerySingleAsync<(string OldEmail, string Locale)>(new CommandDefinition(MoveAddress,
                    new { proof.UserId, proof.Email }, transaction, cancellationToken: ct));
                await AccountTokens.RetireAsync(connection, transaction, proof.UserId, AccountTokens.ConfirmEmail, ct);
                await IdentityMail.EmailChanged(moved.OldEmail, proof.Email, moved.Locale).EnqueueAsync(connection, transaction, ct);
            }
            await transaction.CommitAsync(ct);
            return TypedResults.NoContent();
        }
        catch (PostgresException e) when (e.IsUniqueViolation("users_email_key"))
        {
            return Problems.Conflict("email_taken", "Another account has taken this address meanwhile.");
        }
    }

    private static ProblemHttpResult Refused(ProofRefusal refusal, bool link) => (refusal, link) switch
    {
        (ProofRefusal.Expired, false) => Problems.BadRequest("code_expired", "This code has expired; ask for a new one."),
        (ProofRefusal.Used, false) => Problems.BadRequest("code_used", "This code was used already."),
        (_, false) => Problems.BadRequest("invalid_code", "The code is wrong, or no code was sent to this address."),
        (ProofRefusal.Expired, true) => Problems.BadRequest("token_expired", "This link has expired; ask for a new one."),
        (ProofRefusal.Used, true) => Problems.BadRequest("token_used", "This link was used already."),
        _ => Problems.BadRequest("invalid_token", "This link is not valid."),
    };
}
