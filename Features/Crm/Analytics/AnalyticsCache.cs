using System.Text.Json;
using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atrium.Api.Features.Crm.Analytics;

/// <summary>
/// Deal analytics cached in Redis for <c>Crm:AnalyticsCacheSeconds</c>. The key holds the organization's deal version
/// (<see cref="DealChanges"/>), which every deal write bumps after its commit: a change is visible on the next read.
/// With <c>Crm:AnalyticsCacheSeconds</c> 0 nothing is cached: every request computes live and Redis is not asked.
/// </summary>
public static class AnalyticsCache
{
    private static readonly JsonSerializerOptions Json = Atrium.Api.Infrastructure.Json.JsonSetup.Options;

    public static async Task<T> GetOrComputeAsync<T>(RedisStore redis, IOptions<CrmOptions> options, long organizationId, string name,
        Func<Task<T>> compute)
    {
        if (options.Value.AnalyticsCacheSeconds == 0)
            return await compute();
        // Without Redis the answer is computed live: slower, never wrong.
        if (await DealChanges.VersionAsync(redis, organizationId) is not { } version)
            return await compute();

        // "json2": entries are snake_case; entries of the camelCase shape before it are never read back
        var key = $"crm:analytics:json2:{organizationId}:v{version}:{name}";
        var cached = await redis.BestEffortAsync(db => db.StringGetAsync(key), RedisValue.Null, "reading cached analytics");
        if (cached.HasValue)
            return JsonSerializer.Deserialize<T>(cached.ToString(), Json)!;

        var fresh = await compute();
        await redis.BestEffortAsync(db => db.StringSetAsync(key, JsonSerializer.Serialize(fresh, Json),
            TimeSpan.FromSeconds(options.Value.AnalyticsCacheSeconds)), false, "caching analytics");
        return fresh;
    }
}
