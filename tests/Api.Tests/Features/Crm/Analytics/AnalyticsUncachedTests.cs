using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

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

    /// <summary>The keys a factory's service holds under the analytics prefix, of every organization or of one.</summary>
    public static IReadOnlyList<string> AnalyticsKeysOf(AtriumFactory factory, long? organizationId = null) =>
        factory.Services.GetRequiredService<IConnectionMultiplexer>().GetServers()[0]
            .Keys(pattern: factory.RedisPrefix + (organizationId is null ? "crm:analytics:*" : $"crm:analytics:*:{organizationId}:v*"))
            .Select(k => k.ToString()).ToList();
}

public sealed class AnalyticsUncachedTests(UncachedAnalyticsFactory factory) : IClassFixture<UncachedAnalyticsFactory>
{
    [Fact]
    public async Task With_no_cache_every_read_is_live_and_nothing_is_written_to_redis()
    {
        var org = await factory.NewOrganizationAsync();
        var client = org.Owner.Client;
        var deal = await client.CreateDealIdAsync(await client.CreateContactAsync(), 100m);
        async Task<long> WonCount() =>
            (long)(await (await client.GetAsync("/api/v1/analytics/deals/summary")).Expect(HttpStatusCode.OK))["by_status"]!["won"]!["count"]!;
        async Task<long> ClosedTotal() =>
            (long)(await (await client.GetAsync("/api/v1/analytics/deals/funnel")).Expect(HttpStatusCode.OK))["stages"]![3]!["total"]!;
        Assert.Equal(0, await WonCount());
        Assert.Equal(0, await ClosedTotal());

        // A change behind the API's back, without the version bump a write through the API makes: seen at once, twice.
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update crm_deals set status = 'won', stage = 'closed', furthest_stage = 'closed' where id = @deal", new { deal });
        Assert.Equal(1, await WonCount());
        Assert.Equal(1, await WonCount());
        Assert.Equal(1, await ClosedTotal());
        Assert.Equal(1, await ClosedTotal());

        Assert.Empty(UncachedAnalyticsFactory.AnalyticsKeysOf(factory));
    }
}
