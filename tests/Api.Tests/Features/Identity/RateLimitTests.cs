using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class LowLimitFactory : AtriumFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["RateLimits:LoginPerAccount:Limit"] = "3";
        settings["RateLimits:LoginPerAccount:WindowSeconds"] = "600";
        settings["RateLimits:RefreshPerIp:Limit"] = "2";
        return settings;
    }
}

public sealed class RateLimitTests(LowLimitFactory factory) : IClassFixture<LowLimitFactory>
{
    [Fact]
    public async Task Login_attempts_past_the_per_account_limit_are_429_with_retry_after()
    {
        var client = factory.Anonymous();
        var email = $"victim.{Guid.NewGuid():N}@example.com";
        for (var i = 0; i < 3; i++)
            await (await client.PostJson("/api/v1/auth/login", new { email, password = "guess number " + i }))
                .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_credentials");

        var limited = await client.PostJson("/api/v1/auth/login", new { email = email.ToUpperInvariant(), password = "guess again" });
        await limited.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 600);

        // Another account from the same address is not locked out by this one.
        await (await client.PostJson("/api/v1/auth/login", new { email = $"other.{Guid.NewGuid():N}@example.com", password = "guess" }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Refresh_past_the_per_ip_limit_is_429()
    {
        var client = factory.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await client.PostJson("/api/v1/auth/refresh", new { refresh_token = "x.y" })).StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
