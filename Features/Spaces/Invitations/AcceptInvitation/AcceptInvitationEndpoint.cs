using System.Security.Claims;
using Atrium.Api.Features.Spaces.Members;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Invitations.AcceptInvitation;

public sealed class AcceptInvitationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapInvitationsGroup().MapPost("/{invitation_id:long}/accept", Handle)
            .WithName("AcceptInvitation")
            .WithSummary("Accept an invitation addressed to the caller: they become a member with its role and groups.")
            .WithDescription("Someone else's invitation is 404; an expired one is 409 `invitation_expired`; an answered or revoked one "
                + "409 `invitation_not_pending`. When the inviter may no longer invite with its role or groups (removed, demoted, rights "
                + "switched off) the invitation is revoked and the answer is 409 `invitation_revoked`. Groups deleted since the invitation was made are skipped.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> Handle(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "invitation_id")] long invitationId, HttpContext http, ClaimsPrincipal user,
        NpgsqlDataSource db, CancellationToken ct)
    {
        var userId = user.UserId();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Memberships.LockPersonAsync(connection, tx, userId, ct);
        var (row, problem) = await InvitationRow.LockPendingForAsync(connection, tx, invitationId, userId, ct);
        if (row is null)
            return problem!;
        var actor = AuditActor.From(http);
        if (!await InviterRights.StillMayAsync(connection, tx, row, userId, ct))
        {
            await InvitationRow.DecideAsync(connection, tx, actor, row.SpaceId, invitationId, "revoked", null, ct);
            await tx.CommitAsync(ct);
            return Problems.Conflict("invitation_revoked",
                "The person who invited you may no longer invite with this role or these groups, so the invitation is revoked; ask for a new one.");
        }

        if (!await Memberships.InsertAsync(connection, tx, row.SpaceId, userId, row.Role, row.GroupIds, ct))
            return SpaceProblems.AlreadyMember();
        await InvitationRow.DecideAsync(connection, tx, actor, row.SpaceId, invitationId, "accepted", userId, ct);
        await AuditLog.WriteAsync(connection, tx, actor, row.SpaceId, "member.added", "member", userId, null,
            await Memberships.SnapshotAsync(connection, tx, row.SpaceId, userId, ct), ct);
        await WaitingWaysIn.CloseAsync(connection, tx, actor, row.SpaceId, userId, "withdrawn", userId, ct);
        var member = (await MemberResponse.ReadAsync(connection, row.SpaceId, userId, ct, tx))!;
        await tx.CommitAsync(ct);
        return TypedResults.Ok(member);
    }
}
