using System.Net;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Atrium.Api.Tests.Features.Identity;

/// <summary>One hashing thread, no queue and no wait for a place: while the thread is taken, a login is refused at once. Two pooled connections.</summary>
public sealed class OneHashAtATimeFactory : AtriumFactory
{
    public const int PoolSize = 2;

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Passwords:MaxConcurrentHashes"] = "1";
        settings["Passwords:MaxQueuedHashes"] = "0";
        settings["Passwords:MaxAdmissionWaitMilliseconds"] = "0";
        settings["Database:MaxPoolSize"] = PoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }
}

/// <summary>One hashing thread, one place to wait for it, and a caller that finds both taken waits for a place. Two pooled connections.</summary>
public sealed class OneHashAndOneWaitingFactory : AtriumFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Passwords:MaxConcurrentHashes"] = "1";
        settings["Passwords:MaxQueuedHashes"] = "1";
        settings["Passwords:MaxAdmissionWaitMilliseconds"] = "60000";
        settings["Database:MaxPoolSize"] = OneHashAtATimeFactory.PoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }
}

/// <summary>Work held on the only hashing thread until disposed.</summary>
internal sealed class HeldHashingThread : IAsyncDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private readonly Task<bool> _holding;

    private HeldHashingThread(HashingQueue queue)
    {
        using var started = new ManualResetEventSlim();
        _holding = queue.RunAsync(() =>
        {
            started.Set();
            _release.Wait(TimeSpan.FromMinutes(1));
            return true;
        }, CancellationToken.None);
        Assert.True(started.Wait(TimeSpan.FromMinutes(1)), "the hashing thread never started the held work");
    }

    public static HeldHashingThread Take(AtriumFactory factory) => new(factory.Services.GetRequiredService<HashingQueue>());

    public async ValueTask DisposeAsync()
    {
        _release.Set();
        Assert.True(await _holding);
        _release.Dispose();
    }
}

/// <summary>
/// BCrypt runs on a bounded queue: a login beyond its capacity answers 503 <c>password_hashing_busy</c> with
/// <c>Retry-After</c> at once instead of waiting for a hashing thread, and other endpoints are not held up.
/// </summary>
public sealed class HashingQueueTests(OneHashAtATimeFactory factory) : IClassFixture<OneHashAtATimeFactory>
{
    [Fact]
    public async Task A_login_beyond_the_hashing_capacity_is_refused_at_once_with_retry_after_and_succeeds_once_a_thread_is_free()
    {
        var user = await factory.RegisterAndLoginAsync("Storm");
        await using (HeldHashingThread.Take(factory))
        {
            var refused = await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password });
            var problem = await refused.ExpectProblem(HttpStatusCode.ServiceUnavailable, "password_hashing_busy");
            Assert.Equal(TimeSpan.FromSeconds(HashingQueue.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
            Assert.Equal(HashingQueue.RetryAfterSeconds, (int)problem["retry_after"]!);

            // Endpoints that do not hash are served meanwhile.
            await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        }

        await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password }))
            .Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task A_login_refused_for_a_full_queue_touches_neither_postgresql_nor_the_rate_limits()
    {
        await factory.RegisterAndLoginAsync("Counted");
        var perIp = "rl:login:ip:unknown"; // the in-memory server has no peer address
        var countedBefore = (long)await factory.Redis.StringGetAsync(perIp);
        Assert.True(countedBefore > 0, "the login above was counted under " + perIp);
        var stranger = $"nobody.{Guid.NewGuid():N}@example.com";

        // Every pooled connection of the service is taken here: a login that opened one would wait for it and fail.
        var db = factory.Services.GetRequiredService<NpgsqlDataSource>();
        var held = new List<NpgsqlConnection>();
        try
        {
            await using (HeldHashingThread.Take(factory))
            {
                for (var i = 0; i < OneHashAtATimeFactory.PoolSize; i++)
                    held.Add(await db.OpenConnectionAsync());

                var refused = await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = stranger, password = "whatever-it-is-1" });
                await refused.ExpectProblem(HttpStatusCode.ServiceUnavailable, "password_hashing_busy");
                Assert.Equal(TimeSpan.FromSeconds(HashingQueue.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
            }
        }
        finally
        {
            foreach (var connection in held)
                await connection.DisposeAsync();
        }

        Assert.Equal(countedBefore, (long)await factory.Redis.StringGetAsync(perIp));
        Assert.False(await factory.Redis.KeyExistsAsync("rl:login:unknown:" + stranger));
    }

    [Fact]
    public async Task A_place_reserved_and_given_back_unused_is_free_again()
    {
        var queue = factory.Services.GetRequiredService<HashingQueue>();
        using (var slot = await queue.ReserveAsync(CancellationToken.None))
        {
            Assert.NotNull(slot);
            Assert.Null(await queue.ReserveAsync(CancellationToken.None));
        }

        using var again = await queue.ReserveAsync(CancellationToken.None);
        Assert.NotNull(again);
    }
}

/// <summary>A login waiting for a hashing thread holds no pooled connection, so other requests are not starved of them.</summary>
public sealed class HashingQueueWaitTests(OneHashAndOneWaitingFactory factory) : IClassFixture<OneHashAndOneWaitingFactory>
{
    [Fact]
    public async Task A_login_waiting_for_a_hashing_thread_holds_no_database_connection()
    {
        var user = await factory.RegisterAndLoginAsync("Patient");
        var queue = factory.Services.GetRequiredService<HashingQueue>();
        var db = factory.Services.GetRequiredService<NpgsqlDataSource>();
        Task<HttpResponseMessage> waiting;
        await using (HeldHashingThread.Take(factory))
        {
            waiting = factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password });
            while (queue.Waiting == 0 && !waiting.IsCompleted)
                await Task.Delay(20);
            Assert.Equal(1, queue.Waiting);

            // The whole pool is free while the login waits: a login that kept its connection would make this open wait for it.
            var held = new List<NpgsqlConnection>();
            for (var i = 0; i < OneHashAtATimeFactory.PoolSize; i++)
                held.Add(await db.OpenConnectionAsync());
            foreach (var connection in held)
                await connection.DisposeAsync();
        }

        await (await waiting).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_login_that_finds_the_queue_full_waits_for_a_place_and_is_served_instead_of_refused()
    {
        var user = await factory.RegisterAndLoginAsync("Queued");
        var queue = factory.Services.GetRequiredService<HashingQueue>();
        Task<HttpResponseMessage> login;
        await using (HeldHashingThread.Take(factory))
        {
            // The thread is taken and the one place to wait is reserved here: the queue is full.
            var place = await queue.ReserveAsync(CancellationToken.None);
            Assert.NotNull(place);
            login = factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password });
            while (queue.WaitingForPlace == 0 && !login.IsCompleted)
                await Task.Delay(20);
            Assert.Equal(1, queue.WaitingForPlace);
            place.Dispose();
        }

        await (await login).Expect(HttpStatusCode.OK);
    }
}
