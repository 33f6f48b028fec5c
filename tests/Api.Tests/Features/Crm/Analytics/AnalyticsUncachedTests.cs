using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Crm.Analytics;

/// <summary>The service with <c>Crm:AnalyticsCacheSeconds</c> 0: no analytics cache at all.</summary>
public sealed class UncachedAnalyticsFactory : AtriumFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Crm:AnalyticsCacheSeconds"] = "0";
        return settings;
    }
}

public sealed class AnalyticsUncachedTests(UncachedAnalyticsFactory factory) : IClassFixture<UncachedAnalyticsFactory>
{
    [Fact]
    public async Task With_no_cache_every_read_is_live_and_nothing_is_written_to_redis()
    {
        var org = await factory.NewOrganizationAsync();
        var client = org.Owner.Client;
        var deal = await client.CreateDealIdAsync(await client.CreateContactAsync(), 100m);
        Assert.Equal(0, await client.WonCountAsync());
        Assert.Equal(0, await client.ClosedTotalAsync());

        // Seen at once by both reads, twice: there is no cache for the missing version bump to leave stale.
        await factory.WinInSqlAsync(deal);
        Assert.Equal(1, await client.WonCountAsync());
        Assert.Equal(1, await client.WonCountAsync());
        Assert.Equal(1, await client.ClosedTotalAsync());
        Assert.Equal(1, await client.ClosedTotalAsync());

        Assert.Empty(factory.AnalyticsKeys());
    }
}
