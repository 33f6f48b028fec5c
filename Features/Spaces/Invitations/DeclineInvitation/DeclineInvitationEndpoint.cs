using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Invitations.DeclineInvitation;

public sealed class DeclineInvitationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapInvitationsGroup().MapPost("/{invitation_id:long}/decline", Handle)
            .WithName("DeclineInvitation")
            .WithSummary("Decline an invitation addressed to the caller.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<InvitationResponse>, ProblemHttpResult>> Handle(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "invitation_id")] long invitationId, HttpContext http, ClaimsPrincipal user,
        NpgsqlDataSource db, CancellationToken ct)
    {
        var userId = user.UserId();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var row = await InvitationRow.LockAsync(connection, tx, invitationId, ct);
        if (row is null || !row.IsFor(userId, await InvitationRow.EmailOfAsync(connection, tx, userId, ct)))
            return InvitationResponse.NotFound();
        if (row.Status != "pending")
            return InvitationResponse.NotPending(row.Status);

        var before = await InvitationResponse.ReadAsync(connection, tx, invitationId, ct);
        await connection.ExecuteAsync(new CommandDefinition(InvitationRow.Decide,
            new { invitationId, status = "declined", userId }, tx, cancellationToken: ct));
        var after = (await InvitationResponse.ReadAsync(connection, tx, invitationId, ct))!;
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), row.SpaceId, "invitation.declined", "invitation", invitationId, before, after, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
