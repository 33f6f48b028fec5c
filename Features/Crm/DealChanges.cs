using Atrium.Api.Infrastructure.Redis;

namespace Atrium.Api.Features.Crm;

/// <summary>
/// A per-organization version number of its deals, kept in Redis. Every slice that writes a deal bumps it
/// after its commit; cached deal analytics include it in their key, so a change makes the old entries
/// unreachable at once (they expire on their own) without scanning for keys.
/// </summary>
public static class DealChanges
{
    private static string VersionKey(long organizationId) => $"crm:deals-version:{organizationId}";

    /// <summary>The organization's deal version; null when Redis cannot tell (then nothing may be served from cache).</summary>
    public static Task<long?> VersionAsync(RedisStore redis, long organizationId) =>
        redis.BestEffortAsync<long?>(async db =>
        {
            var value = await db.StringGetAsync(VersionKey(organizationId));
            return value.TryParse(out long version) ? version : 0;
        }, null, "reading the deal version");

    /// <summary>
    /// Call after the transaction that changed a deal of <paramref name="organizationId"/> committed. The change is
    /// already saved, so a Redis failure here is logged, not answered with an error: cached analytics may then
    /// stay stale for at most <c>Crm:AnalyticsCacheSeconds</c>.
    /// </summary>
    public static Task BumpAsync(RedisStore redis, long organizationId) =>
        redis.BestEffortAsync(db => db.StringIncrementAsync(VersionKey(organizationId)), 0, "bumping the deal version");
}
