using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class ClockFactory : AtriumFactory
{
    public MutableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>Sliding renewal stops at the absolute lifetime (30 days by default), however active the user is.</summary>
public sealed class SessionLifetimeTests(ClockFactory factory) : IClassFixture<ClockFactory>
{
    [Fact]
    public async Task Past_the_absolute_lifetime_neither_requests_nor_refresh_keep_the_session_alive()
    {
        var user = await factory.RegisterAndLoginAsync("Vera");
        await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);

        var jump = TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1);
        factory.Clock.Advance(jump);
        try
        {
            await (await user.Client.GetAsync("/api/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized, "session_ended");
            await (await factory.Anonymous().PostJson("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken }))
                .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        }
        finally
        {
            factory.Clock.Advance(-jump);
        }
    }

    [Fact]
    public async Task Near_the_absolute_end_the_idle_ttl_is_cut_to_what_is_left()
    {
        var user = await factory.RegisterAndLoginAsync("Walt");
        factory.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(10));
        try
        {
            await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
            var ttl = await factory.Redis.KeyTimeToLiveAsync("session:" + user.SessionId);
            Assert.InRange(ttl!.Value.TotalMinutes, 1, 11);
        }
        finally
        {
            factory.Clock.Advance(-(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(10)));
        }
    }
}
