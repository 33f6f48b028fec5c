using Atrium.Api.Infrastructure.Auth;
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

namespace Atrium.Api.Features.Identity.Register;

public sealed record RegisterRequest(string Email, string Password, string? Name, string? Username);

public sealed class RegisterValidator : AbstractValidator<RegisterRequest>
{
    public RegisterValidator(IOptions<PasswordOptions> passwords)
    {
        RuleFor(r => r.Email).NotEmpty().Must(IdentityRules.IsEmail).WithMessage("'email' must be an e-mail address.");
        RuleFor(r => r.Password).Custom((password, context) =>
        {
            if (PasswordPolicy.Check(password, passwords.Value.MinLength) is { } reason)
                context.AddFailure(reason);
        });
        RuleFor(r => r.Username).Must(IdentityRules.IsUsername!).When(r => r.Username is not null)
            .WithMessage("'username' must be 3–32 letters, digits, '_', '.' or '-'.");
        RuleFor(r => r.Name).MaximumLength(200);
    }
}

public sealed class RegisterEndpoint : ICarterModule
{
    private const string InsertUser = $"""
        insert into users (email, username, name, password_hash)
        values (@Email, @Username, @Name, @PasswordHash)
        returning {UserResponse.Columns}
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/register", Handle)
            .Validate<RegisterRequest>()
            .WithName("Register")
            .WithSummary("Create an account.")
            .WithDescription("E-mail and username are unique without regard to case (409 `email_taken` / `username_taken`). "
                + "Passwords are 8–72 UTF-8 bytes: BCrypt reads no further, so longer ones are refused rather than truncated.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Created<UserResponse>, ProblemHttpResult>> Handle(
        RegisterRequest request, HttpContext http, NpgsqlDataSource db, PasswordHasher hasher,
        RateLimiter limiter, IOptions<RateLimitOptions> limits, CancellationToken ct)
    {
        var limit = await limiter.HitAsync("register:ip:" + ClientInfo.IpOf(http), limits.Value.RegisterPerIp);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);

        var hash = await hasher.HashAsync(request.Password, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        try
        {
            var user = await connection.QuerySingleAsync<UserResponse>(new CommandDefinition(InsertUser, new
            {
                Email = request.Email.Trim(),
                request.Username,
                Name = request.Name?.Trim(),
                PasswordHash = hash,
            }, cancellationToken: ct));
            return TypedResults.Created($"/api/v1/me", user);
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
