using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Redis;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Identity.PasswordReset;

public sealed class ResetPasswordEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/password/reset", Handle)
            .Validate<TokenPasswordRequest>()
            .WithName("ResetPassword")
            .WithSummary("Set a new password with the token of a reset link; every session of the account ends.")
            .WithDescription("400 `invalid_token`, `token_expired` or `token_used`. The link proves the address, so an unconfirmed "
                + "address becomes confirmed. Limited per IP (429).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static Task<Results<NoContent, ProblemHttpResult>> Handle(
        TokenPasswordRequest request, HttpContext http, NpgsqlDataSource db, PasswordHasher hasher, SessionStore sessions,
        RateLimiter limiter, IOptions<RateLimitOptions> limits, CancellationToken ct) =>
        PasswordLinks.SetWithTokenAsync(request, AccountTokens.PasswordReset, http, db, hasher, sessions, limiter, limits, ct);
}
