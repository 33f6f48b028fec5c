using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Deals.GetDeal;

public sealed class GetDealEndpoint : ICarterModule
{
    private const string Select = $"""
        select {DealSql.Columns}, d.version from crm_deals d
        where d.organization_id = @organizationId and d.id = @id
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/deals", CrmRoutes.DealsTag).MapGet("/{id:long}", Handle)
            .WithName("GetDeal")
            .WithSummary("One deal of the organization.")
            .WithETag(ifNoneMatch: true)
            .WithDescription("Every member reads every deal. A deal of another organization is 404 `deal_not_found`. The strong `ETag` "
                + "(`\"<id>-<version>\"`) changes with every change of the deal, whichever route makes it; PATCH and DELETE compare it "
                + "with `If-Match`, and a matching `If-None-Match` is answered 304.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<DealResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        OrganizationCaller caller, long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);

        await using var reads = await PermissionEngine.ReadAsMemberAsync(connection, caller, Select,
            new { organizationId = caller.SpaceId, id }, ct);
        if (reads.Problem is not null)
            return reads.Problem;
        var deal = await reads.ReadVersionedAsync<DealResponse>();
        if (deal is null)
            return CrmDeals.NotFound();
        return Preconditions.NotModified(http, deal.ETag())
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(deal.Value);
    }
}
