using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Database;
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

namespace Atrium.Api.Features.Identity.Register;

public sealed record RegisterRequest(string Email, string Password, string? Name, string? Username, string? OrganizationName);

/// <summary>The organization created at sign-up.</summary>
public sealed record RegisteredOrganization(long Id, string Name);

/// <summary>The new account, and the organization it owns when <c>organization_name</c> was given (else null).</summary>
public sealed record RegisterResponse(
    long Id,
    string Email,
    string? Username,
    string? Name,
    string? Position,
    DateOnly? BirthDate,
    DateTime? EmailConfirmedAt,
    bool IsStaff,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool EmailConfirmed,
    string Locale,
    bool TwoStepLogin,
    RegisteredOrganization? Organization)
{
    public static RegisterResponse Of(UserResponse u, RegisteredOrganization? organization) =>
        new(u.Id, u.Email, u.Username, u.Name, u.Position, u.BirthDate, u.EmailConfirmedAt, u.IsStaff, u.CreatedAt, u.UpdatedAt,
            u.EmailConfirmed, u.Locale, u.TwoStepLogin, organization);
}

public sealed class RegisterValidator : AbstractValidator<RegisterRequest>
{
    public RegisterValidator(IOptions<PasswordOptions> passwords)
    {
        RuleFor(r => r.Email).NotEmpty().Must(IdentityRules.IsEmail).WithMessage("'email' must be an e-mail address.");
        RuleFor(r => r.Password).AcceptablePassword(passwords.Value.MinLength);
        RuleFor(r => r.Username).Must(IdentityRules.IsUsername!).When(r => r.Username is not null)
            .WithMessage("'username' must be 3–32 letters, digits, '_', '.' or '-'.");
        RuleFor(r => r.Name).MaximumLength(200);
        RuleFor(r => r.OrganizationName).Must(n => n!.Trim().Length is >= 1 and <= 200).When(r => r.OrganizationName is not null)
            .WithMessage("'organization_name' must be 1–200 characters.");
    }
}

public sealed class RegisterEndpoint : ICarterModule
{
    private const string InsertUser = $"""
        insert into users (email, username, name, password_hash, locale)
        values (@email, @username, @name, @passwordHash, @locale)
        returning {UserResponse.Columns}
        """;

    private const string CreateOrganization = "select create_space('organization', @name, null, 'private', @ownerId)";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/register", Handle)
            .Validate<RegisterRequest>()
            .WithName("Register")
            .WithSummary("Create an account.")
            .WithDescription("E-mail and username are unique without regard to case (409 `email_taken` / `username_taken`). "
                + "Passwords are 8–72 UTF-8 bytes: BCrypt reads no further, so longer ones are refused rather than truncated. "
                + "With `organization_name` the account and a private organization it owns are created together "
                + "(one transaction, audit event `space.created`); the answer then carries `organization: {id, name}`, else null. "
                + "A welcome message and a 6-digit code with a link to confirm the address are mailed (through the outbox, "
                + "in the language of `Accept-Language`: en or ru).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Created<RegisterResponse>, ProblemHttpResult>> Handle(
        RegisterRequest request, HttpContext http, NpgsqlDataSource db, PasswordHasher hasher,
        RateLimiter limiter, IOptions<RateLimitOptions> limits, IOptions<AuthOptions> auth, IOptions<MailOptions> mail, CancellationToken ct)
    {
        var limit = await limiter.HitAsync("register:ip:" + ClientInfo.IpOf(http), limits.Value.RegisterPerIp);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);

        var hash = await hasher.HashAsync(request.Password, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            var user = await connection.QuerySingleAsync<UserResponse>(new CommandDefinition(InsertUser, new
            {
                email = request.Email.Trim(),
                request.Username,
                name = request.Name?.Trim(),
                passwordHash = hash,
                locale = Locales.FromAcceptLanguage(http.Request.Headers.AcceptLanguage),
            }, transaction, cancellationToken: ct));
            await IdentityMail.Welcome(user.Email, user.Name, user.Locale).EnqueueAsync(connection, transaction, ct);
            await AccountTokens.SendAddressCodeAsync(connection, transaction, user.Id, user.Email, user.Locale,
                AccountTokens.ConfirmEmail, auth.Value, mail.Value, ct);

            RegisteredOrganization? organization = null;
            if (request.OrganizationName is not null)
            {
                var name = request.OrganizationName.Trim();
                var id = await connection.QuerySingleAsync<long>(new CommandDefinition(CreateOrganization,
                    new { name, ownerId = user.Id }, transaction, cancellationToken: ct));
                organization = new RegisteredOrganization(id, name);
                // The caller is anonymous until now: the new account is the actor.
                var actor = AuditActor.From(http) with { UserId = user.Id };
                await AuditLog.WriteAsync(connection, transaction, actor, id, "space.created", "space", id, null,
                    new { Id = id, Kind = "organization", Name = name, Visibility = "private", OwnerId = user.Id }, ct);
            }

            await transaction.CommitAsync(ct);
            return TypedResults.Created($"/api/v1/me", RegisterResponse.Of(user, organization));
        }
        catch (PostgresException e) when (e.IsUniqueViolation("users_email_key"))
        {
            return Problems.Conflict("email_taken", "An account with this e-mail already exists.");
        }
        catch (PostgresException e) when (e.IsUniqueViolation("users_username_key"))
        {
            return Problems.Conflict("username_taken", "This username is taken.");
        }
    }
}
