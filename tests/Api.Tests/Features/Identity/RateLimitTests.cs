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
        settings["RateLimits:PasswordChangePerAccount:Limit"] = "3";
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

    [Fact]
    public async Task The_per_account_login_limit_counts_the_account_whether_its_email_or_username_is_typed()
    {
        var username = "nina" + Guid.NewGuid().ToString("N")[..8];
        var user = await factory.RegisterAndLoginAsync("Nina", username: username); // attempt 1 (a success counts too)
        var client = factory.Anonymous();
        await (await client.PostJson("/api/v1/auth/login", new { email = user.Email, password = "guess one" }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await client.PostJson("/api/v1/auth/login", new { username, password = "guess two" }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_credentials");

        var limited = await client.PostJson("/api/v1/auth/login", new { username = username.ToUpperInvariant(), password = "guess three" });
        await limited.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task Wrong_current_passwords_past_the_per_account_limit_are_429()
    {
        var user = await factory.RegisterAndLoginAsync("Oleg");
        for (var i = 0; i < 3; i++)
            await (await user.Client.PostJson("/api/v1/me/password", new { current_password = "guess number " + i, new_password = "a brand new password" }))
                .ExpectProblem(HttpStatusCode.Forbidden, "wrong_password");

        var limited = await user.Client.PostJson("/api/v1/me/password", new { current_password = user.Password, new_password = "a brand new password" });
        await limited.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(limited.Headers.RetryAfter);
        await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password })).Expect(HttpStatusCode.OK);
    }
}
