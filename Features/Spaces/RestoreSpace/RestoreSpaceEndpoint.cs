using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Spaces.RestoreSpace;

public sealed class RestoreSpaceEndpoint : ICarterModule
{
    private const string Lock = """
        select owner_id, deleted_at, deleted_at > now() - make_interval(days => @days) as restorable
        from spaces where id = @spaceId and kind = @kind
        for update
        """;

    private const string Restore = "update spaces set deleted_at = null, deleted_by = null where id = @spaceId";

    private sealed class State
    {
        public long OwnerId { get; init; }
        public DateTime? DeletedAt { get; init; }
        public bool? Restorable { get; init; }
    }

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPost("/restore", Handle)
                .WithName(SpacesRoutes.Name(kind, "Restore"))
                .WithSummary("Bring back a deleted space (its owner, within Spaces:RestoreDays of the deletion).")
                .WithDescription("Everything in the space comes back as it was. To anyone but the owner a deleted space does not "
                    + "exist (404); a space that is not deleted is 409 `space_not_deleted`; past the restore period 409 `restore_period_over`.")
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }

    // The space is deleted, so the usual binders (which see live spaces only) cannot resolve it: the owner is
    // checked here, and anyone else gets the same 404 as for a space that never existed.
    private static async Task<Results<Ok<SpaceResponse>, ProblemHttpResult>> Handle(
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<SpacesOptions> options, CancellationToken ct)
    {
        var (kind, spaceId) = SpaceKindMetadata.Read(http);
        var userId = user.UserId();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var state = await connection.QuerySingleOrDefaultAsync<State>(new CommandDefinition(Lock,
            new { spaceId, kind = kind.ToSql(), days = options.Value.RestoreDays }, tx, cancellationToken: ct));
        if (state is null || state.OwnerId != userId)
            return PermissionEngine.NotFound(kind);
        if (state.DeletedAt is null)
            return Problems.Conflict("space_not_deleted", "The space is not deleted.");
        if (state.Restorable != true)
            return Problems.Conflict("restore_period_over", $"The space was deleted more than {options.Value.RestoreDays} days ago and is being purged.");

        await connection.ExecuteAsync(new CommandDefinition(Restore, new { spaceId }, tx, cancellationToken: ct));
        var after = (await SpaceResponse.ReadAsync(connection, spaceId, userId, ct, tx))!;
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), spaceId, "space.restored", "space", spaceId,
            new { deleted_at = state.DeletedAt }, after, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
