using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Invitations.RevokeInvitation;

public sealed class RevokeInvitationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapDelete("/invitations/{invitation_id:long}", Handle)
                .WithName(SpacesRoutes.Name(kind, "RevokeInvitation"))
                .WithSummary("Revoke a pending invitation (invitations.manage).")
                .WithDescription("An invitation that was answered, revoked or has expired is 409.")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "invitation_id")] long invitationId,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.InvitationsManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var row = await InvitationRow.LockAsync(connection, tx, invitationId, ct);
        if (row is null || row.SpaceId != caller.SpaceId)
            return InvitationResponse.NotFound();
        if (row.Status != "pending")
            return InvitationResponse.NotPending(row.Status);

        await InvitationRow.DecideAsync(connection, tx, AuditActor.From(http), caller.SpaceId, invitationId, "revoked", null, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
