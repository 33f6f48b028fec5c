using Atrium.Api.Features.Crm.Analytics.Rules;

namespace Atrium.Api.Tests.Features.Crm.Analytics.Rules;

public sealed class FunnelTests
{
    [Fact]
    public void Empty_organization_has_every_stage_with_zeros_and_null_conversions()
    {
        var stages = Funnel.Build([]);
        Assert.Equal(["qualification", "proposal", "negotiation", "closed"], stages.Select(s => s.Stage));
        Assert.All(stages, s => Assert.Equal(0, s.Total));
        Assert.All(stages, s => Assert.Null(s.ConversionToNext));
        Assert.All(stages, s => Assert.Equal(["new", "in_progress", "won", "lost"], s.ByStatus.Keys));
    }

    [Fact]
    public void Reached_is_the_furthest_stage_or_later_and_conversion_is_the_share_that_went_on()
    {
        var stages = Funnel.Build([
            new FunnelCell("qualification", "new", "qualification", 2),
            new FunnelCell("proposal", "in_progress", "proposal", 1),
            // rolled back from negotiation: still reached negotiation
            new FunnelCell("proposal", "in_progress", "negotiation", 1),
            // created at negotiation or skipped proposal: passed qualification and proposal
            new FunnelCell("closed", "won", "closed", 1),
            new FunnelCell("closed", "lost", "closed", 1),
        ]);

        Assert.Equal([6L, 4L, 3L, 2L], stages.Select(s => s.Reached));
        Assert.Equal([2L, 2L, 0L, 2L], stages.Select(s => s.Total));
        Assert.Equal(1, stages[3].ByStatus["won"]);
        Assert.Equal(2, stages[1].ByStatus["in_progress"]);
        Assert.Equal(66.67, stages[0].ConversionToNext);
        Assert.Equal(75.0, stages[1].ConversionToNext);
        Assert.Equal(66.67, stages[2].ConversionToNext);
        Assert.Null(stages[3].ConversionToNext);
    }
}
