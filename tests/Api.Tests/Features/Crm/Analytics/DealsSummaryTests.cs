using System.Net;
using System.Text.Json;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace Atrium.Api.Tests.Features.Crm.Analytics;

public sealed class DealsSummaryTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task The_summary_counts_and_sums_per_status_and_matches_the_snapshot()
    {
        var org = await factory.ArrangeAnalyticsAsync();
        var summary = await (await org.Owner.Client.GetAsync("/api/v1/analytics/deals/summary?days=30")).Expect(HttpStatusCode.OK);

        Assert.Equal(2, (long)summary["by_status"]!["won"]!["count"]!);
        Assert.Equal(4000m, (decimal)summary["by_status"]!["won"]!["amount_sum"]!);
        Assert.Equal(2000m, (decimal)summary["won_average_amount"]!);
        Assert.Equal(5, (long)summary["new_deals_last_days"]!);
        Snapshot.Match(CrmWorld.Pretty(summary));
    }

    [Fact]
    public async Task An_empty_organization_has_every_status_and_stage_with_zeros()
    {
        var org = await factory.NewOrganizationAsync();
        var summary = await (await org.Owner.Client.GetAsync("/api/v1/analytics/deals/summary")).Expect(HttpStatusCode.OK);
        Assert.Equal(["new", "in_progress", "won", "lost"], summary["by_status"]!.AsObject().Select(p => p.Key));
        Assert.Equal(0, (long)summary["by_status"]!["lost"]!["count"]!);
        Assert.Equal(0m, (decimal)summary["won_average_amount"]!);
        Assert.Equal(30, (int)summary["days"]!);
        var funnel = await (await org.Owner.Client.GetAsync("/api/v1/analytics/deals/funnel")).Expect(HttpStatusCode.OK);
        Assert.All(funnel["stages"]!.AsArray(), s => Assert.Null(s!["conversion_to_next"]));
    }

    [Fact]
    public async Task Analytics_are_cached_and_a_deal_write_is_visible_at_once()
    {
        var org = await factory.NewOrganizationAsync();
        var client = org.Owner.Client;
        var deal = await client.CreateDealIdAsync(await client.CreateContactAsync(), 100m);
        Task<long> WonCount() => client.WonCountAsync();
        Task<long> ClosedTotal() => client.ClosedTotalAsync();
        Assert.Equal(0, await WonCount());
        Assert.Equal(0, await ClosedTotal());
        Assert.Equal(2, factory.AnalyticsKeys(org.Id).Count);

        // A change behind the API's back is not seen: the answers come from the cache.
        await factory.WinInSqlAsync(deal);
        Assert.Equal(0, await WonCount());
        Assert.Equal(0, await ClosedTotal());

        // Any deal write through the API bumps the organization's version: the next read is fresh.
        await (await client.PatchJson($"/api/v1/deals/{deal}", new { title = "Touched" })).Expect(HttpStatusCode.OK);
        Assert.Equal(1, await WonCount());
        Assert.Equal(1, await ClosedTotal());
        await client.CreateDealIdAsync(await client.CreateContactAsync(), 5m);
        Assert.Equal(1, (long)(await (await client.GetAsync("/api/v1/analytics/deals/summary")).Expect(HttpStatusCode.OK))["by_status"]!["new"]!["count"]!);
        await (await client.DeleteAsync($"/api/v1/deals/{deal}")).Expect(HttpStatusCode.NoContent);
        Assert.Equal(0, await WonCount());
    }

    [Fact]
    public async Task The_cache_is_per_organization()
    {
        var first = await factory.NewOrganizationAsync();
        var second = await factory.NewOrganizationAsync("Second");
        await first.Owner.Client.CreateDealIdAsync(await first.Owner.Client.CreateContactAsync());
        var one = await (await first.Owner.Client.GetAsync("/api/v1/analytics/deals/summary")).Expect(HttpStatusCode.OK);
        var other = await (await second.Owner.Client.GetAsync("/api/v1/analytics/deals/summary")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (long)one["by_status"]!["new"]!["count"]!);
        Assert.Equal(0, (long)other["by_status"]!["new"]!["count"]!);
    }

    [Theory]
    [InlineData("days=0")]
    [InlineData("days=3651")]
    [InlineData("days=-5")]
    [InlineData("days=week")]
    public async Task Days_out_of_range_is_400(string parameters)
    {
        var org = await factory.NewOrganizationAsync();
        await (await org.Owner.Client.GetAsync("/api/v1/analytics/deals/summary?" + parameters)).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Analytics_need_membership()
    {
        var org = await factory.NewOrganizationAsync();
        var stranger = await factory.RegisterAndLoginAsync("Stranger");
        stranger.Client.WithHeader(CrmWorld.Header, org.Id.ToString());
        await (await stranger.Client.GetAsync("/api/v1/analytics/deals/summary")).ExpectProblem(HttpStatusCode.NotFound, "organization_not_found");
        await (await stranger.Client.GetAsync("/api/v1/analytics/deals/funnel")).ExpectProblem(HttpStatusCode.NotFound, "organization_not_found");
    }
}
