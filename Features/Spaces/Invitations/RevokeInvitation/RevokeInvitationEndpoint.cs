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
        SpaceRef space, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "invitation_id")] long invitationId,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var access = await PermissionEngine.RequireAsync(connection, space.Kind, space.Id, user.UserId(), "invitations.manage", ct, tx);
        if (access.Denied)
            return access.Problem!;
        var row = await InvitationRow.LockAsync(connection, tx, invitationId, ct);
        if (row is null || row.SpaceId != space.Id)
            return InvitationResponse.NotFound();
        if (row.Status != "pending")
            return InvitationResponse.NotPending(row.Status);

        await InvitationRow.DecideAsync(connection, tx, AuditActor.From(http), space.Id, invitationId, "revoked", null, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
