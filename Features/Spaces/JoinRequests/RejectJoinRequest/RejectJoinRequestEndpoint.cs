using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.JoinRequests.RejectJoinRequest;

public sealed record RejectJoinRequestRequest(string? Reason);

public sealed class RejectJoinRequestValidator : AbstractValidator<RejectJoinRequestRequest>
{
    public RejectJoinRequestValidator() => RuleFor(r => r.Reason).MaximumLength(2000);
}

public sealed class RejectJoinRequestEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPost("/join-requests/{request_id:long}/reject", Handle)
                .Validate<RejectJoinRequestRequest>()
                .WithName(SpacesRoutes.Name(kind, "RejectJoinRequest"))
                .WithSummary("Reject a pending join request, optionally with a reason (join_requests.review).")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<JoinRequestResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "request_id")] long requestId, RejectJoinRequestRequest request,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.JoinRequestsReview) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var row = await JoinRequestRow.LockAsync(connection, tx, requestId, ct);
        if (row is null || row.SpaceId != caller.SpaceId)
            return JoinRequestResponse.NotFound();
        if (row.Status != "pending")
            return JoinRequestResponse.NotPending(row.Status);

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        var after = await JoinRequestRow.DecideAsync(connection, tx, AuditActor.From(http), caller.SpaceId, requestId, "rejected", reason,
            user.UserId(), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
