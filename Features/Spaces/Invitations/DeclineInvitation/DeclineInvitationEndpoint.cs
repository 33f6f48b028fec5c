using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Carter;
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
        var (row, problem) = await InvitationRow.LockPendingForAsync(connection, tx, invitationId, userId, ct);
        if (row is null)
            return problem!;

        var after = await InvitationRow.DecideAsync(connection, tx, AuditActor.From(http), row.SpaceId, invitationId, "declined", userId, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
