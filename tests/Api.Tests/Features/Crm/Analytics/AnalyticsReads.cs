using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Atrium.Api.Tests.Features.Crm.Analytics;

/// <summary>What the analytics cache tests watch: two figures, a deal change made in SQL, the keys in Redis.</summary>
public static class AnalyticsReads
{
    /// <summary>The won count of the summary.</summary>
    public static async Task<long> WonCountAsync(this HttpClient client) =>
        (long)(await (await client.GetAsync("/api/v1/analytics/deals/summary")).Expect(HttpStatusCode.OK))["by_status"]!["won"]!["count"]!;

    /// <summary>The total of the funnel's closed stage.</summary>
    public static async Task<long> ClosedTotalAsync(this HttpClient client) =>
        (long)(await (await client.GetAsync("/api/v1/analytics/deals/funnel")).Expect(HttpStatusCode.OK))["stages"]![3]!["total"]!;

    /// <summary>The deal won and closed directly in SQL: behind the API's back, without the version bump of its writes.</summary>
    public static async Task WinInSqlAsync(this AtriumFactory factory, long deal)
    {
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("update crm_deals set status = 'won', stage = 'closed', furthest_stage = 'closed' where id = @deal", new { deal });
    }

    /// <summary>The keys the factory's service holds under the analytics prefix, of every organization or of one.</summary>
    public static IReadOnlyList<string> AnalyticsKeys(this AtriumFactory factory, long? organizationId = null) =>
        factory.Services.GetRequiredService<IConnectionMultiplexer>().GetServers()[0]
            .Keys(pattern: factory.RedisPrefix + (organizationId is null ? "crm:analytics:*" : $"crm:analytics:*:{organizationId}:v*"))
            .Select(k => k.ToString()).ToList();
}
