using Atrium.Api.Features.Crm;
using Atrium.Api.Features.Crm.Deals.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
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
            .WithDescription("A member deletes only deals they own; `deals.manage_all` (manager and up) deletes any (else 403).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(OrganizationMember member, long id, HttpContext http, NpgsqlDataSource db, RedisStore redis,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var parameters = new { organizationId = member.SpaceId, id };
        var deal = await connection.QuerySingleOrDefaultAsync<DealResponse>(new CommandDefinition(DealSql.SelectForUpdate,
            parameters, transaction, cancellationToken: ct));
        if (deal is null)
            return CrmDeals.NotFound();
        if (!member.MayChange(deal.OwnerId, DealRules.ManageAll))
            return Problems.Forbidden(DealRules.ManageAll, "Members delete only their own deals.");

        await connection.ExecuteAsync(new CommandDefinition(Delete, parameters, transaction, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "deal.deleted", "deal", id, deal, null, ct);
        await transaction.CommitAsync(ct);
        await DealChanges.BumpAsync(redis, member.SpaceId);
        return TypedResults.NoContent();
    }
}
