using Atrium.Api.Infrastructure.Configuration;
using StackExchange.Redis;

namespace Atrium.Api.Infrastructure.Redis;

/// <summary>Fixed-window counters in Redis, shared by every API node.</summary>
public sealed class RateLimiter(RedisStore redis)
{
    // INCR and the first EXPIRE in one atomic step, then the seconds left in the window.
    private const string HitScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('TTL', KEYS[1])
        if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
        return { count, ttl }
        """;

    /// <summary>Counts one attempt against <paramref name="key"/>; returns the wait when over the limit.</summary>
    public async Task<RateLimitDecision> HitAsync(string key, RateLimitRule rule)
    {
        var result = (RedisResult[])(await redis.Db.ScriptEvaluateAsync(
            HitScript, [(RedisKey)("rl:" + key)], [rule.WindowSeconds]))!;
        var count = (long)result[0];
        var ttl = (long)result[1];
        return count > rule.Limit
            ? new RateLimitDecision(false, TimeSpan.FromSeconds(Math.Max(1, ttl)))
            : new RateLimitDecision(true, TimeSpan.Zero);
    }
}

public sealed record RateLimitDecision(bool Allowed, TimeSpan RetryAfter);
