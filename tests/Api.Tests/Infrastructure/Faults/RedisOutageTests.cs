using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Atrium.Api.Tests.Infrastructure.Faults;

/// <summary>The service on a Redis of its own, which the test kills, freezes and starts again.</summary>
public sealed class RedisOutageTests(RedisOutageTests.Factory factory) : IClassFixture<RedisOutageTests.Factory>
{
    /// <summary>What the readiness probe allows (deploy/k8s: timeoutSeconds 3); a request that takes longer has hung.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public sealed class Factory : AtriumFactory
    {
        public PrivateRedis RedisServer { get; private set; } = null!;

        protected override async Task StartPrivateServersAsync() => RedisServer = await PrivateRedis.StartAsync();

        protected override Task StopPrivateServersAsync() => RedisServer.DisposeAsync().AsTask();

        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["ConnectionStrings:Redis"] = RedisServer.ConnectionString;
            settings["Redis:TimeoutMilliseconds"] = "1000";
            return settings;
        }

        /// <summary>A client that gives up after the probe's timeout.</summary>
        public HttpClient Impatient(string? bearer = null)
        {
            var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.Timeout = ProbeTimeout;
            return bearer is null ? client : client.WithBearer(bearer);
        }

        public async Task WaitUntilConnectedAsync()
        {
            var multiplexer = Services.GetRequiredService<IConnectionMultiplexer>();
            for (var i = 0; i < 100 && !multiplexer.IsConnected; i++)
                await Task.Delay(100);
            Assert.True(multiplexer.IsConnected, "the service did not reconnect to Redis");
        }

        public long KeysInRedis() => Services.GetRequiredService<IConnectionMultiplexer>().GetServers()[0].DatabaseSize();
    }

    [Fact]
    public async Task Redis_down_answers_503_at_once_and_nothing_is_replayed_into_the_restarted_redis()
    {
        await factory.WaitUntilConnectedAsync();
        var user = await factory.RegisterAndLoginAsync("Pavel");
        await factory.RedisServer.KillAsync();
        factory.Logs.Clear();
        try
        {
            var me = await factory.Impatient(user.AccessToken).GetAsync("/api/v1/me");
            await me.ExpectProblem(HttpStatusCode.ServiceUnavailable, "redis_unavailable");
            Assert.NotNull(me.Headers.RetryAfter);

            var ready = await (await factory.Impatient().GetAsync("/health/ready")).Expect(HttpStatusCode.ServiceUnavailable);
            // Which dependency fails, never the exception's words (an anonymous caller reads this).
            Assert.Equal("unhealthy", (string?)ready["checks"]!["redis"]!["status"]);
            Assert.Equal(["duration_ms", "status"], ready["checks"]!["redis"]!.AsObject().Select(p => p.Key).Order());

            // A login counts an attempt in Redis. It must fail now, not wait for Redis and run later.
            var login = factory.Impatient().PostJson("/api/v1/auth/login", new { email = user.Email, password = "wrong password!" });
            await Task.WhenAny(login, Task.Delay(1500));
            await factory.RedisServer.StartAgainAsync();
            await (await login).ExpectProblem(HttpStatusCode.ServiceUnavailable, "redis_unavailable");
        }
        finally
        {
            await factory.RedisServer.StartAgainAsync();
        }

        // Each failed request is one warning line, and nothing logs a stack trace (the health check
        // service reports a failed check as an error of its own, in one line too).
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Exception is not null);
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error
            && l.Category != "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService");

        await factory.WaitUntilConnectedAsync();
        Assert.Equal(0, factory.KeysInRedis());
        await (await factory.Impatient().GetAsync("/health/ready")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_frozen_redis_answers_503_within_the_probe_timeout_and_the_service_recovers_when_it_thaws()
    {
        await factory.WaitUntilConnectedAsync();
        var user = await factory.RegisterAndLoginAsync("Rita");
        await factory.RedisServer.FreezeAsync();
        try
        {
            await (await factory.Impatient(user.AccessToken).GetAsync("/api/v1/me"))
                .ExpectProblem(HttpStatusCode.ServiceUnavailable, "redis_unavailable");
            await (await factory.Impatient().GetAsync("/health/ready")).Expect(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await factory.RedisServer.ThawAsync();
        }

        HttpStatusCode status = 0;
        for (var attempt = 0; attempt < 30 && status != HttpStatusCode.OK; attempt++)
        {
            var me = await factory.Impatient(user.AccessToken).GetAsync("/api/v1/me");
            status = me.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await me.ExpectProblem(HttpStatusCode.ServiceUnavailable, "redis_unavailable");
                await Task.Delay(200);
            }
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
