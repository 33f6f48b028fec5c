using System.Security.Claims;
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

namespace Atrium.Api.Features.Identity.Me;

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

public sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordRequest>
{
    public ChangePasswordValidator(IOptions<PasswordOptions> passwords)
    {
        RuleFor(r => r.CurrentPassword).NotEmpty();
        RuleFor(r => r.NewPassword).AcceptablePassword(passwords.Value.MinLength);
    }
}

public sealed class ChangePasswordEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMeGroup().MapPost("/password", Handle)
            .Validate<ChangePasswordRequest>()
            .WithName("ChangePassword")
            .WithSummary("Change the caller's password; every other session ends.")
            .WithDescription("Attempts are limited per account (429), so a stolen access token cannot guess the current password." + HashingQueue.BusyNote)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        ChangePasswordRequest request, ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db, PasswordHasher hasher,
        SessionStore sessions, RateLimiter limiter, IOptions<RateLimitOptions> limits, CancellationToken ct)
    {
        var userId = user.UserId();
        var limit = await limiter.HitAsync("password:account:" + userId, limits.Value.PasswordChangePerAccount);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);

        await using var connection = await db.OpenConnectionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "select password_hash from users where id = @userId", new { userId }, cancellationToken: ct));
        var check = await hasher.VerifyAsync(current, request.CurrentPassword, ct);
        if (!check.Valid)
            return Problems.ForbiddenBy("wrong_password", "The current password is wrong.");

        var hash = await hasher.HashAsync(request.NewPassword, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "update users set password_hash = @hash where id = @userId", new { hash, userId }, cancellationToken: ct));
        await sessions.RevokeAllAsync(userId, keepSid: user.SessionIdOf());
        return TypedResults.NoContent();
    }
}
