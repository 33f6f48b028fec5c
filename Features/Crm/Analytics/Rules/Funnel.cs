using Atrium.Api.Features.Crm.Deals.Rules;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Crm.Analytics.Rules;

/// <summary>How many deals sit at <c>Stage</c> with <c>Status</c> and have reached at most <c>FurthestStage</c>.</summary>
public sealed record FunnelCell(string Stage, string Status, string FurthestStage, long Count);

/// <summary>One stage of the funnel.</summary>
public sealed record FunnelStage([property: OneOf(typeof(DealStages), nameof(DealStages.Pipeline))] string Stage, long Total, IReadOnlyDictionary<string, long> ByStatus, long Reached, double? ConversionToNext);

/// <summary>
/// The sales funnel from grouped counts, pure. A deal has <em>reached</em> a stage when its furthest stage ever held is that
/// stage or a later one (the pipeline is passed through in order, so a skipped stage counts as passed).
/// <c>conversion_to_next</c> = percent of the deals that reached a stage which also reached the next one; null for the last
/// stage and for a stage nothing reached.
/// </summary>
public static class Funnel
{
    public static IReadOnlyList<FunnelStage> Build(IEnumerable<FunnelCell> cells)
    {
        var list = cells.ToList();
        long ReachedOf(string stage) =>
            list.Where(c => DealStages.RankOf(c.FurthestStage) >= DealStages.RankOf(stage)).Sum(c => c.Count);

        return DealStages.Pipeline.Select(stage =>
        {
            var byStatus = DealStatuses.All.ToDictionary(s => s, s => list.Where(c => c.Stage == stage && c.Status == s).Sum(c => c.Count));
            var reached = ReachedOf(stage);
            var next = DealStages.NextOf(stage);
            double? conversion = next is null || reached == 0 ? null : Math.Round(100.0 * ReachedOf(next) / reached, 2);
            return new FunnelStage(stage, byStatus.Values.Sum(), byStatus, reached, conversion);
        }).ToList();
    }
}
