using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Listings.RemoveListing;

public sealed class RemoveListingEndpoint : ICarterModule
{
    private const string Delete = $"delete from shop_listings l where l.project_id = @projectId returning {ListingSql.Columns}";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapListingGroup().MapDelete("/listing", Handle)
            .WithName("RemoveListing")
            .WithSummary("Take a project off sale (the project's owner).")
            .WithDescription("Orders and donations already made keep their items. Not listed: 404 `listing_not_found`. "
                + "Writes a `listing.removed` audit event of the project.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        ProjectMember member, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (ListingSql.CheckOwner(member) is { } refused)
            return refused;
        var id = member.SpaceId;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var removed = await connection.QuerySingleOrDefaultAsync<ListingResponse>(new CommandDefinition(Delete, new { projectId = id }, transaction, cancellationToken: ct));
        if (removed is null)
            return Problems.NotFound("listing_not_found", "This project is not on sale.");
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), id, "listing.removed", "listing", id, removed, null, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
