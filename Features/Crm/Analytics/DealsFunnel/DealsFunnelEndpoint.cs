using Atrium.Api.Features.Crm.Analytics.Rules;
using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Redis;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Crm.Analytics.DealsFunnel;

public sealed record DealsFunnelResponse(IReadOnlyList<FunnelStage> Stages);

public sealed class DealsFunnelEndpoint : ICarterModule
{
    // At most 4 × 4 × 4 groups, read from the covering index (organization_id, status) include (stage, furthest_stage, …).
    private const string Cells = """
        select d.stage, d.status, d.furthest_stage, count(*) as count
        from crm_deals d
        where d.organization_id = @organizationId
        group by d.stage, d.status, d.furthest_stage
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/analytics/deals", CrmRoutes.AnalyticsTag).MapGet("/funnel", Handle)
            .WithName("DealsFunnel")
            .WithSummary("The sales funnel: deals per stage by status, and the conversion from each stage to the next.")
            .WithDescription("Stages in pipeline order qualification → proposal → negotiation → closed. `total` and `by_status` count the "
                + "deals whose current stage it is. A deal has *reached* a stage when the furthest stage it ever held — from its stage "
                + "history: the stage it was created in and every `stage_changed` activity, kept on the deal as `furthest_stage` — is that "
                + "stage or a later one (a skipped stage counts as passed; a stage rolled back from stays reached). `reached` is that "
                + "count and `conversion_to_next` the percent (2 decimals) of the deals that reached the stage which also reached the "
                + "next one; null for the last stage and when no deal reached the stage. Cached in Redis for `Crm:AnalyticsCacheSeconds` "
                + "and invalidated by any deal change of the organization.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<DealsFunnelResponse>, ProblemHttpResult>> Handle(
        OrganizationMember member, NpgsqlDataSource db, RedisStore redis, IOptions<CrmOptions> options, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var organizationId = member.SpaceId;

        var funnel = await AnalyticsCache.GetOrComputeAsync(redis, options, organizationId, "funnel", async () =>
        {
            var cells = await connection.QueryAsync<FunnelCell>(new CommandDefinition(Cells, new { organizationId }, cancellationToken: ct));
            return new DealsFunnelResponse(Funnel.Build(cells));
        });
        return TypedResults.Ok(funnel);
    }
}
