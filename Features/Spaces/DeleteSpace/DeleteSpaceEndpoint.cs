using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Jobs;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Microsoft.Extensions.Options;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.DeleteSpace;

public sealed class DeleteSpaceEndpoint : ICarterModule
{
    // A soft delete: the space is 404 from this commit on; the purge removes it after Spaces:RestoreDays.
    private const string Delete = "update spaces set deleted_at = now(), deleted_by = @userId where id = @spaceId and deleted_at is null";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapDelete("", Handle)
                .WithName(SpacesRoutes.Name(kind, "Delete"))
                .WithSummary("Delete a space (space.delete): it is gone at once and purged later unless its owner restores it.")
                .WithDescription("The space answers 404 from now on, for everyone. Its owner may restore it with POST …/restore for "
                    + "`Spaces:RestoreDays` (30 by default); after that the worker purges it with everything in it. The audit events stay. "
                    + "`If-Match` is optional; when sent it must match the space's `ETag` (412 `etag_mismatch`).")
                .WithETag(ifMatch: true)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        MemberOfSpace caller, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<SpacesOptions> options, CancellationToken ct)
    {
        var userId = user.UserId();
        if (caller.Require(SpacePermissions.SpaceDelete) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        var before = (await SpaceResponse.ReadVersionedAsync(connection, caller.SpaceId, userId, ct, tx, forUpdate: true))!;
        if (Preconditions.Stale(http, before.ETag()) is { } stale)
            return stale;
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "space.deleted", "space", caller.SpaceId, before.Value, null, ct);
        await connection.ExecuteAsync(new CommandDefinition(Delete, new { spaceId = caller.SpaceId, userId }, tx, cancellationToken: ct));
        await Outbox.EnqueueAsync(connection, tx, PurgeDeletedSpace.JobKind, new PurgeDeletedSpacePayload(caller.SpaceId), ct,
            TimeSpan.FromDays(options.Value.RestoreDays));
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
