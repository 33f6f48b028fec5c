using System.ComponentModel.DataAnnotations;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>Redis settings (section <c>Redis</c>); the connection string is <c>ConnectionStrings:Redis</c>.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Every key the service writes starts with this, so several deployments can share one Redis.</summary>
    [Required] public string KeyPrefix { get; set; } = "atrium:";

    /// <summary>
    /// Connect and command timeout. Short on purpose: a Redis that is down or frozen must turn into a fast
    /// 503, not a request that hangs; commands are never queued while disconnected.
    /// </summary>
    [Range(100, 30_000)] public int TimeoutMilliseconds { get; set; } = 1000;
}
