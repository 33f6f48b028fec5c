using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Infrastructure.Faults;

/// <summary>The service on a Redis that the project's stack script starts, stops and starts again.</summary>
public sealed class RedisRestartTests(RedisRestartTests.Factory factory) : IClassFixture<RedisRestartTests.Factory>
{
    public sealed class Factory : AtriumFactory
    {
        public ScriptedRedis RedisServer { get; private set; } = null!;

        protected override async Task StartPrivateServersAsync() => RedisServer = await ScriptedRedis.StartAsync();

        protected override Task StopPrivateServersAsync() => RedisServer.DisposeAsync().AsTask();

        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["ConnectionStrings:Redis"] = RedisServer.ConnectionString;
            settings["RateLimits:LoginPerAccount:Limit"] = "2";
            return settings;
        }
    }

    [Fact]
    public async Task A_redis_restart_keeps_sessions_and_brute_force_counters()
    {
        var user = await factory.RegisterAndLoginAsync("Sasha"); // one login attempt counted
        await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = "wrong guess" }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_credentials");

        await factory.RedisServer.RestartAsync();
        // The service notices the restart and reconnects; until then it answers 503.
        var me = await user.Client.GetAsync("/api/v1/me");
        for (var i = 0; i < 50 && me.StatusCode == HttpStatusCode.ServiceUnavailable; i++)
        {
            await Task.Delay(100);
            me = await user.Client.GetAsync("/api/v1/me");
        }
        await me.Expect(HttpStatusCode.OK);
        await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = "another guess" }))
            .ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
    }
}
