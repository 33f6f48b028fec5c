using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Redis;

namespace Atrium.Api.Features.Identity;

/// <summary>Several limits on one request (per IP, then per address or account), as the code-checking slices apply them.</summary>
public static class LimitChecks
{
    /// <summary>Counts the request against each limit in turn; the first one exceeded decides (and later ones are not counted).</summary>
    public static async Task<RateLimitDecision> HitEachAsync(this RateLimiter limiter, params (string Key, RateLimitRule Rule)[] limits)
    {
        foreach (var (key, rule) in limits)
        {
            var decision = await limiter.HitAsync(key, rule);
            if (!decision.Allowed)
                return decision;
        }
        return new RateLimitDecision(true, TimeSpan.Zero);
    }
}
