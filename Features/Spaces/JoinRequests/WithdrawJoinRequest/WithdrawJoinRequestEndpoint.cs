using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Errors;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.JoinRequests.WithdrawJoinRequest;

public sealed class WithdrawJoinRequestEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMySpacesGroup().MapDelete("/join-requests/{request_id:long}", Handle)
            .WithName("WithdrawMyJoinRequest")
            .WithSummary("Withdraw one of the caller's pending join requests.")
            .WithDescription("Someone else's request is 404; one already decided is 409.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<JoinRequestResponse>, ProblemHttpResult>> Handle(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "request_id")] long requestId, HttpContext http, ClaimsPrincipal user,
        NpgsqlDataSource db, RateLimiter limiter, IOptions<SpacesOptions> options, CancellationToken ct)
    {
        var userId = user.UserId();
        var limit = await limiter.HitAsync("join-requests:" + userId, options.Value.JoinRequestsPerUser);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var row = await JoinRequestRow.LockAsync(connection, tx, requestId, ct);
        if (row is null || row.UserId != userId)
            return JoinRequestResponse.NotFound();
        if (row.Status != "pending")
            return JoinRequestResponse.NotPending(row.Status);

        var after = await JoinRequestRow.DecideAsync(connection, tx, AuditActor.From(http), row.SpaceId, requestId, "withdrawn", null, userId, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
