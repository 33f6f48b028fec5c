using System.Security.Claims;
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
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Identity.ChangeEmail;

public sealed record ChangeEmailRequest(string NewEmail, string Password);

public sealed class ChangeEmailValidator : AbstractValidator<ChangeEmailRequest>
{
    public ChangeEmailValidator()
    {
        RuleFor(r => r.NewEmail).NotEmpty().Must(IdentityRules.IsEmail).WithMessage("'new_email' must be an e-mail address.");
        RuleFor(r => r.Password).NotEmpty().MaximumLength(200);
    }
}

public sealed class ChangeEmailEndpoint : ICarterModule
{
    private const string Account = "select email, password_hash, locale from users where id = @userId";

    private const string Taken = "select exists (select 1 from users where lower(email) = lower(@email) and id <> @userId)";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMeGroup().MapPost("/email", Handle)
            .Validate<ChangeEmailRequest>()
            .WithName("ChangeEmail")
            .WithSummary("Start moving the caller's account to another address.")
            .WithDescription("Needs the password (403 `wrong_password`). Mails a code and link to the new address; the account keeps "
                + "its old address until `POST /auth/confirm-email` with that code, which then tells the old address. "
                + "409 `email_taken` when another account has the new address; 400 `same_email` when it is the current one. "
                + "Password checks share the per-account limit of `POST /me/password` (429)." + HashingQueue.BusyNote)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Accepted, ProblemHttpResult>> Handle(
        ChangeEmailRequest request, ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db, PasswordHasher hasher,
        RateLimiter limiter, IOptions<RateLimitOptions> limits, IOptions<AuthOptions> auth, IOptions<MailOptions> mail, CancellationToken ct)
    {
        var userId = user.UserId();
        // The password is checked here as in POST /me/password, under the same per-account limit.
        var limit = await limiter.HitAsync("password:account:" + userId, limits.Value.PasswordChangePerAccount);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);
        var email = request.NewEmail.Trim();
        await using var connection = await db.OpenConnectionAsync(ct);
        var account = await connection.QuerySingleOrDefaultAsync<(string Email, string? PasswordHash, string Locale)?>(
            new CommandDefinition(Account, new { userId }, cancellationToken: ct));
        var check = await hasher.VerifyAsync(account?.PasswordHash, request.Password, ct);
        if (account is null || !check.Valid)
            return Problems.ForbiddenBy("wrong_password", "The password is wrong.");
        if (string.Equals(account.Value.Email, email, StringComparison.OrdinalIgnoreCase))
            return Problems.Invalid("new_email", "same_email", "This is the account's address already.");

        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await connection.QuerySingleAsync<bool>(new CommandDefinition(Taken, new { email, userId }, transaction, cancellationToken: ct)))
            return Problems.Conflict("email_taken", "An account with this e-mail already exists.");
        await AccountTokens.SendAddressCodeAsync(connection, transaction, userId, email, account.Value.Locale,
            AccountTokens.ChangeEmail, auth.Value, mail.Value, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Accepted((string?)null);
    }
}
