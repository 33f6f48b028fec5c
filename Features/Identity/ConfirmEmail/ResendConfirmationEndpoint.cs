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

namespace Atrium.Api.Features.Identity.ConfirmEmail;

public sealed record ResendConfirmationRequest(string Email);

public sealed class ResendConfirmationValidator : AbstractValidator<ResendConfirmationRequest>
{
    public ResendConfirmationValidator() =>
        RuleFor(r => r.Email).NotEmpty().Must(IdentityRules.IsEmail).WithMessage("'email' must be an e-mail address.");
}

public sealed class ResendConfirmationEndpoint : ICarterModule
{
    private const string FindUnconfirmed = """
        select id, email, locale from users
        where lower(email) = lower(@email) and email_confirmed_at is null
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/confirm-email/resend", Handle)
            .Validate<ResendConfirmationRequest>()
            .WithName("ResendConfirmation")
            .WithSummary("Mail a new confirmation code to an unconfirmed address.")
            .WithDescription("Always 202, whether or not an account has this address (or has confirmed it); the earlier code dies. "
                + "One request per address per cooldown (60 s) and a limit per IP: 429 with `Retry-After`, for any address alike.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Accepted, ProblemHttpResult>> Handle(
        ResendConfirmationRequest request, HttpContext http, NpgsqlDataSource db, RateLimiter limiter,
        IOptions<RateLimitOptions> limits, IOptions<AuthOptions> auth, IOptions<MailOptions> mail, CancellationToken ct)
    {
        var email = request.Email.Trim();
        var limit = await limiter.HitEachAsync(
            ("mail:ip:" + ClientInfo.IpOf(http), limits.Value.MailPerIp),
            ("resend:address:" + email.ToLowerInvariant(), new RateLimitRule { Limit = 1, WindowSeconds = auth.Value.ResendCooldownSeconds }));
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var account = await connection.QuerySingleOrDefaultAsync<(long Id, string Email, string Locale)?>(new CommandDefinition(
            FindUnconfirmed, new { email }, transaction, cancellationToken: ct));
        if (account is { } found)
            await AccountTokens.SendAddressCodeAsync(connection, transaction, found.Id, found.Email, found.Locale,
                AccountTokens.ConfirmEmail, auth.Value, mail.Value, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Accepted((string?)null);
    }
}
