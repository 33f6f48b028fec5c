using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Features.Spaces.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces.JoinRequests.ApproveJoinRequest;

/// <summary><c>role</c> defaults to member.</summary>
public sealed record ApproveJoinRequestRequest([property: OneOf(typeof(RoleRules), nameof(RoleRules.Assignable))] string? Role, long[]? GroupIds);

public sealed class ApproveJoinRequestValidator : AbstractValidator<ApproveJoinRequestRequest>
{
    public ApproveJoinRequestValidator()
    {
        RuleFor(r => r.Role).Must(r => r is null || RoleRules.IsAssignable(r)).WithMessage("'role' must be admin, manager or member.");
        RuleFor(r => r.GroupIds).Must(g => g is null || g.Length <= 100).WithMessage("At most 100 groups.");
    }
}

public sealed class ApproveJoinRequestEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPost("/join-requests/{request_id:long}/approve", Handle)
                .Validate<ApproveJoinRequestRequest>()
                .WithName(SpacesRoutes.Name(kind, "ApproveJoinRequest"))
                .WithSummary("Approve a pending join request: the user becomes a member (join_requests.review).")
                .WithDescription("With `role` (member by default; admin needs admins.manage) and `group_ids` of this space (another "
                    + "space's group is 404). A request that is no longer pending is 409.")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<JoinRequestResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "request_id")] long requestId, ApproveJoinRequestRequest request,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.JoinRequestsReview) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await JoinRequestRow.RequesterAsync(connection, tx, requestId, ct) is { } requester)
            await Memberships.LockPersonAsync(connection, tx, requester, ct);
        var row = await JoinRequestRow.LockAsync(connection, tx, requestId, ct);
        if (row is null || row.SpaceId != caller.SpaceId)
            return JoinRequestResponse.NotFound();
        if (row.Status != "pending")
            return JoinRequestResponse.NotPending(row.Status);
        var role = request.Role ?? Roles.Member;
        if (await RoleHandOut.CheckAsync(connection, tx, caller, null, null, role, ct) is { } roleProblem)
            return roleProblem;
        var groupIds = request.GroupIds ?? [];
        if (await MemberChecks.CheckGroupsAsync(connection, tx, caller, groupIds, ct) is { } groupProblem)
            return groupProblem;

        if (!await Memberships.InsertAsync(connection, tx, caller.SpaceId, row.UserId, role, groupIds, ct))
            return SpaceProblems.AlreadyMember();
        var actor = AuditActor.From(http);
        var after = await JoinRequestRow.DecideAsync(connection, tx, actor, caller.SpaceId, requestId, "approved", null, user.UserId(), ct);
        await AuditLog.WriteAsync(connection, tx, actor, caller.SpaceId, "member.added", "member", row.UserId, null,
            await Memberships.SnapshotAsync(connection, tx, caller.SpaceId, row.UserId, ct), ct);
        await WaitingWaysIn.CloseAsync(connection, tx, actor, caller.SpaceId, row.UserId, "approved", user.UserId(), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
