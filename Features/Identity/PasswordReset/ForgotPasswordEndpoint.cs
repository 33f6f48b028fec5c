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

namespace Atrium.Api.Features.Identity.PasswordReset;

public sealed record ForgotPasswordRequest(string Email);

public sealed class ForgotPasswordValidator : AbstractValidator<ForgotPasswordRequest>
{
    public ForgotPasswordValidator() =>
        RuleFor(r => r.Email).NotEmpty().Must(IdentityRules.IsEmail).WithMessage("'email' must be an e-mail address.");
}

public sealed class ForgotPasswordEndpoint : ICarterModule
{
    private const string FindAccount = "select id, email, locale from users where lower(email) = lower(@email)";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/password/forgot", Handle)
            .Validate<ForgotPasswordRequest>()
            .WithName("ForgotPassword")
            .WithSummary("Mail a single-use link (valid 1 hour) to reset the password of the account with this address.")
            .WithDescription("Always 202, whether or not an account has this address. A newer link kills the earlier ones. "
                + "Limited per IP (429 with `Retry-After`).")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Accepted, ProblemHttpResult>> Handle(
        ForgotPasswordRequest request, HttpContext http, NpgsqlDataSource db, RateLimiter limiter,
        IOptions<RateLimitOptions> limits, IOptions<AuthOptions> auth, IOptions<MailOptions> mail, CancellationToken ct)
    {
        var limit = await limiter.HitAsync("mail:ip:" + ClientInfo.IpOf(http), limits.Value.MailPerIp);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var account = await connection.QuerySingleOrDefaultAsync<(long Id, string Email, string Locale)?>(new CommandDefinition(
            FindAccount, new { email = request.Email.Trim() }, transaction, cancellationToken: ct));
        if (account is { } found)
        {
            var minutes = auth.Value.PasswordResetMinutes;
            await AccountTokens.RetireAsync(connection, transaction, found.Id, AccountTokens.PasswordReset, ct);
            var (token, _) = await AccountTokens.IssueAsync(connection, transaction, found.Id, AccountTokens.PasswordReset, found.Email,
                minutes, withCode: false, ct);
            await IdentityMail.PasswordReset(found.Email, AccountTokens.Link(mail.Value, "reset-password", token), token, minutes, found.Locale)
                .EnqueueAsync(connection, transaction, ct);
        }
        await transaction.CommitAsync(ct);
        return TypedResults.Accepted((string?)null);
    }
}
