using System.Text.Json;
using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Redis;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Features.Analytics;

/// <summary>
/// Deal analytics cached in Redis for <c>Crm:AnalyticsCacheSeconds</c>. The key holds the organization's deal version
/// (<see cref="DealChanges"/>), which every deal write bumps after its commit: a change is visible on the next read.
/// </summary>
public static class AnalyticsCache
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<T> GetOrComputeAsync<T>(RedisStore redis, IOptions<CrmOptions> options, long organizationId, string name,
        Func<Task<T>> compute)
    {
        var version = await DealChanges.VersionAsync(redis, organizationId);
        var key = $"crm:analytics:{organizationId}:v{version}:{name}";
        var cached = await redis.Db.StringGetAsync(key);
        if (cached.HasValue)
            return JsonSerializer.Deserialize<T>(cached.ToString(), Json)!;

        var fresh = await compute();
        await redis.Db.StringSetAsync(key, JsonSerializer.Serialize(fresh, Json), TimeSpan.FromSeconds(options.Value.AnalyticsCacheSeconds));
        return fresh;
    }
}
