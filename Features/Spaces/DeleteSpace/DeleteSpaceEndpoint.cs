using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.DeleteSpace;

public sealed class DeleteSpaceEndpoint : ICarterModule
{
    private const string Delete = "delete from spaces where id = @spaceId";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapDelete("", Handle)
                .WithName(SpacesRoutes.Name(kind, "Delete"))
                .WithSummary("Delete a space with everything in it (space.delete).")
                .WithDescription("The audit events of the space stay.")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        MemberOfSpace caller, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var userId = user.UserId();
        if (caller.Require(SpacePermissions.SpaceDelete) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        var before = await SpaceResponse.ReadAsync(connection, caller.SpaceId, userId, ct, tx);
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "space.deleted", "space", caller.SpaceId, before, null, ct);
        await connection.ExecuteAsync(new CommandDefinition(Delete, new { spaceId = caller.SpaceId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
