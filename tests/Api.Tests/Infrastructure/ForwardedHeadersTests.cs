using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>
/// With <c>Http:TrustForwardedHeaders</c>, X-Forwarded-For is believed only from the configured proxies. The
/// in-memory server has no peer address, so this factory takes it from <c>X-Test-Peer</c>, as a socket would give it.
/// </summary>
public sealed class BehindProxyFactory : AtriumFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Http:TrustForwardedHeaders"] = "true";
        settings["Http:KnownNetworks:0"] = "10.9.0.0/16";
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerFromHeader>());
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (IPAddress.TryParse(context.Request.Headers["X-Test-Peer"].ToString(), out var peer))
                    context.Connection.RemoteIpAddress = peer;
                return following(context);
            });
            next(app);
        };
    }
}

public sealed class ForwardedHeadersTests(BehindProxyFactory factory) : IClassFixture<BehindProxyFactory>
{
    [Fact]
    public async Task X_forwarded_for_is_believed_from_a_known_proxy_and_ignored_from_anyone_else()
    {
        var user = await factory.RegisterAndLoginAsync("Petra");

        Assert.Equal("203.0.113.7", await LoginAndReadSessionIp(user, peer: "10.9.1.1", forwardedFor: "203.0.113.7"));
        Assert.Equal("198.51.100.9", await LoginAndReadSessionIp(user, peer: "198.51.100.9", forwardedFor: "203.0.113.8"));
        // Through the proxy, a client's own forged entry stays behind the address the proxy saw.
        Assert.Equal("203.0.113.10", await LoginAndReadSessionIp(user, peer: "10.9.1.1", forwardedFor: "1.2.3.4, 203.0.113.10"));
    }

    private async Task<string?> LoginAndReadSessionIp(TestUser user, string peer, string forwardedFor)
    {
        var client = factory.Anonymous().WithHeader("X-Test-Peer", peer).WithHeader("X-Forwarded-For", forwardedFor);
        var tokens = await (await client.PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password })).Expect(HttpStatusCode.OK);
        var sessions = (await (await factory.Anonymous().WithBearer((string)tokens["access_token"]!).GetAsync("/api/v1/auth/sessions"))
            .Expect(HttpStatusCode.OK))["items"]!.AsArray();
        return (string?)sessions.Single(s => (string?)s!["id"] == (string?)tokens["session_id"])!["ip"];
    }
}
