using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Deals.GetDeal;

public sealed class GetDealEndpoint : ICarterModule
{
    private const string Select = $"""
        select {DealSql.Columns} from crm_deals d
        where d.organization_id = @organizationId and d.id = @id
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/deals", CrmRoutes.DealsTag).MapGet("/{id:long}", Handle)
            .WithName("GetDeal")
            .WithSummary("One deal of the organization.")
            .WithDescription("Every member reads every deal. A deal of another organization is 404 `deal_not_found`.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<DealResponse>, ProblemHttpResult>> Handle(OrganizationMember member, long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);

        var deal = await connection.QuerySingleOrDefaultAsync<DealResponse>(new CommandDefinition(Select,
            new { organizationId = member.SpaceId, id }, cancellationToken: ct));
        return deal is null ? CrmDeals.NotFound() : TypedResults.Ok(deal);
    }
}
