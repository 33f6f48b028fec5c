using System.ComponentModel.DataAnnotations;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>One fixed-window limit.</summary>
public sealed class RateLimitRule
{
    [Range(1, 1_000_000)] public int Limit { get; set; }
    [Range(1, 86_400)] public int WindowSeconds { get; set; }
}
