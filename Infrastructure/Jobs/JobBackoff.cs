namespace Atrium.Api.Infrastructure.Jobs;

/// <summary>When a failed job runs again: exponential in the attempts made, with "equal jitter" so retries of many rows spread out.</summary>
public static class JobBackoff
{
    /// <summary>
    /// The wait after attempt <paramref name="attempts"/> (1 after the first failure): half of
    /// min(max, base·2^(attempts−1)) for sure plus up to as much again at random (<paramref name="random"/> in [0, 1)).
    /// </summary>
    public static TimeSpan Delay(int attempts, double baseSeconds, double maxSeconds, double random)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ceiling = Math.Min(maxSeconds, baseSeconds * Math.Pow(2, exponent));
        return TimeSpan.FromSeconds(ceiling / 2 + ceiling / 2 * Math.Clamp(random, 0, 1));
    }
}
