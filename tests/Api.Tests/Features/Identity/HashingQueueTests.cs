using System.Net;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Api.Tests.Features.Identity;

/// <summary>One hashing thread and no queue: while the thread is taken, a login is refused at once.</summary>
public sealed class OneHashAtATimeFactory : AtriumFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Passwords:MaxConcurrentHashes"] = "1";
        settings["Passwords:MaxQueuedHashes"] = "0";
        return settings;
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
        var queue = factory.Services.GetRequiredService<HashingQueue>();
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holding = queue.RunAsync(() =>
        {
            started.Set();
            release.Wait(TimeSpan.FromMinutes(1));
            return true;
        }, CancellationToken.None);
        Assert.True(started.Wait(TimeSpan.FromMinutes(1)), "the hashing thread never started the held work");

        try
        {
            var refused = await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password });
            var problem = await refused.ExpectProblem(HttpStatusCode.ServiceUnavailable, "password_hashing_busy");
            Assert.Equal(TimeSpan.FromSeconds(HashingQueue.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
            Assert.Equal(HashingQueue.RetryAfterSeconds, (int)problem["retry_after"]!);

            // Endpoints that do not hash are served meanwhile.
            await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        }
        finally
        {
            release.Set();
        }
        Assert.True(await holding);

        await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password }))
            .Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
