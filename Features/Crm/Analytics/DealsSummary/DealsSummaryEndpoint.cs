using Atrium.Api.Features.Crm;
using Atrium.Api.Features.Crm.Deals.Rules;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Redis;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Crm.Analytics.DealsSummary;

public sealed record DealsSummaryQuery([FromQuery(Name = "days")] int? Days);

public sealed class DealsSummaryValidator : AbstractValidator<DealsSummaryQuery>
{
    public DealsSummaryValidator() =>
        RuleFor(q => q.Days).InclusiveBetween(1, 3650).WithMessage("'days' must be between 1 and 3650.");
}

public sealed record StatusTotals(long Count, decimal AmountSum);

public sealed record DealsSummaryResponse(
    IReadOnlyDictionary<string, StatusTotals> ByStatus, decimal WonAverageAmount, long NewDealsLastDays, int Days);

public sealed class DealsSummaryEndpoint : ICarterModule
{
    public const int DefaultDays = 30;

    // Aggregate first (an index-only scan of (organization_id, status) include (amount, …, created_at)), then join the
    // four statuses so that every one is present. Joining the statuses to the deals instead loses the index-only scan.
    private const string Summary = """
        with totals as (
            select d.status,
                   count(*) as count,
                   sum(d.amount) as amount_sum,
                   count(*) filter (where d.created_at >= now() - make_interval(days => @days)) as new_count
            from crm_deals d
            where d.organization_id = @organizationId
            group by d.status
        )
        select s.status, coalesce(t.count, 0) as count, coalesce(t.amount_sum, 0) as amount_sum, coalesce(t.new_count, 0) as new_count
        from unnest(@statuses) as s (status)
        left join totals t on t.status = s.status
        """;

    private sealed class Row
    {
        public string Status { get; init; } = "";
        public long Count { get; init; }
        public decimal AmountSum { get; init; }
        public long NewCount { get; init; }
    }

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/analytics/deals", CrmRoutes.AnalyticsTag).MapGet("/summary", Handle)
            .Validate<DealsSummaryQuery>()
            .WithName("DealsSummary")
            .WithSummary("Deals of the organization by status, the average won amount and the deals created in the last N days.")
            .WithDescription("`by_status` holds every status (new, in_progress, won, lost) with `count` and `amount_sum`, zeros included; "
                + "`won_average_amount` is 0 when nothing was won; `new_deals_last_days` counts deals created in the last `days` days "
                + "(1–3650, default 30) whatever their status. Amounts are summed as stored, without currency conversion. Cached in Redis "
                + "for `Crm:AnalyticsCacheSeconds` and invalidated by any deal change of the organization.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<DealsSummaryResponse>, ProblemHttpResult>> Handle(
        OrganizationMember member, [AsParameters] DealsSummaryQuery query, NpgsqlDataSource db, RedisStore redis, IOptions<CrmOptions> options,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var organizationId = member.SpaceId;
        var days = query.Days ?? DefaultDays;

        var summary = await AnalyticsCache.GetOrComputeAsync(redis, options, organizationId, $"summary:{days}", async () =>
        {
            var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Summary,
                new { organizationId, days, statuses = DealStatuses.All.ToArray() }, cancellationToken: ct)))
                .ToDictionary(r => r.Status);
            var won = rows[DealStatuses.Won];
            return new DealsSummaryResponse(
                DealStatuses.All.ToDictionary(s => s, s => new StatusTotals(rows[s].Count, rows[s].AmountSum)),
                won.Count == 0 ? 0 : decimal.Round(won.AmountSum / won.Count, 2),
                rows.Values.Sum(r => r.NewCount),
                days);
        });
        return TypedResults.Ok(summary);
    }
}
