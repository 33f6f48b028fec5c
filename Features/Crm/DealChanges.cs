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

    public static async Task<long> VersionAsync(RedisStore redis, long organizationId)
    {
        var value = await redis.Db.StringGetAsync(VersionKey(organizationId));
        return value.TryParse(out long version) ? version : 0;
    }

    /// <summary>Call after the transaction that changed a deal of <paramref name="organizationId"/> committed.</summary>
    public static Task BumpAsync(RedisStore redis, long organizationId) =>
        redis.Db.StringIncrementAsync(VersionKey(organizationId));
}
