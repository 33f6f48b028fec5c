using Atrium.Api.Features.Crm;
using Atrium.Api.Features.Crm.Deals.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Redis;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Deals.DeleteDeal;

public sealed class DeleteDealEndpoint : ICarterModule
{
    private const string Delete = "delete from crm_deals where organization_id = @organizationId and id = @id";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/deals", CrmRoutes.DealsTag).MapDelete("/{id:long}", Handle)
            .WithName("DeleteDeal")
            .WithSummary("Delete a deal with its tasks and timeline.")
            .WithETag(ifMatch: true)
            .WithDescription("A member deletes only deals they own; `deals.manage_all` (manager and up) deletes any (else 403). "
                + "`If-Match` is optional; when sent it must match the deal's `ETag` (412 `etag_mismatch`).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(OrganizationMember member, long id, HttpContext http, NpgsqlDataSource db, RedisStore redis,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var parameters = new { organizationId = member.SpaceId, id };
        var locked = await connection.QueryVersionedAsync<DealResponse>(new CommandDefinition(DealSql.SelectForUpdate,
            parameters, transaction, cancellationToken: ct));
        if (locked is null)
            return CrmDeals.NotFound();
        if (Preconditions.Stale(http, locked.ETag()) is { } stale)
            return stale;
        var deal = locked.Value;
        if (!member.MayChange(deal.OwnerId, DealRules.ManageAll))
            return Problems.Forbidden(DealRules.ManageAll, "Members delete only their own deals.");

        await connection.ExecuteAsync(new CommandDefinition(Delete, parameters, transaction, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "deal.deleted", "deal", id, deal, null, ct);
        await transaction.CommitAsync(ct);
        await DealChanges.BumpAsync(redis, member.SpaceId);
        return TypedResults.NoContent();
    }
}
