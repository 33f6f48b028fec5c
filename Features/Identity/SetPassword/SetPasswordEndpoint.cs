using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Redis;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Identity.SetPassword;

public sealed class SetPasswordEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/set-password", Handle)
            .Validate<TokenPasswordRequest>()
            .WithName("SetPassword")
            .WithSummary("Choose the first password of an account an administrator made, with the token of the mailed link.")
            .WithDescription("The link (single use, 72 hours) proves the address, so it becomes confirmed. 400 `invalid_token`, "
                + "`token_expired` or `token_used`. Limited per IP (429).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static Task<Results<NoContent, ProblemHttpResult>> Handle(
        TokenPasswordRequest request, HttpContext http, NpgsqlDataSource db, PasswordHasher hasher, SessionStore sessions,
        RateLimiter limiter, IOptions<RateLimitOptions> limits, CancellationToken ct) =>
        PasswordLinks.SetWithTokenAsync(request, AccountTokens.SetPassword, http, db, hasher, sessions, limiter, limits, ct);
}
