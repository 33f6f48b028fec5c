using System.Net;
using Atrium.Api.Tests.Infrastructure;
using StackExchange.Redis;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class RevokeSessionTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Sessions_are_listed_and_one_can_be_revoked()
    {
        var first = await factory.RegisterAndLoginAsync("Mia");
        var second = await factory.LoginAgainAsync(first);

        var list = (await (await first.Client.GetAsync("/api/v1/auth/sessions")).Expect(HttpStatusCode.OK)).AsArray();
        Assert.Equal(2, list.Count);
        Assert.Single(list, s => (bool)s!["current"]! && (string?)s["id"] == first.SessionId);
        foreach (var session in list)
        {
            // Last seen is derived from the idle TTL: it must be "just now", never before creation.
            var lastSeen = DateTimeOffset.Parse((string)session!["last_seen_at"]!, System.Globalization.CultureInfo.InvariantCulture);
            var created = DateTimeOffset.Parse((string)session["created_at"]!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(lastSeen, created, DateTimeOffset.UtcNow.AddSeconds(5));
            Assert.True(DateTimeOffset.UtcNow - lastSeen < TimeSpan.FromMinutes(1), $"last seen {lastSeen:O} is stale");
        }

        await (await first.Client.DeleteAsync($"/api/v1/auth/sessions/{second.SessionId}")).Expect(HttpStatusCode.NoContent);
        await (await second.Client.GetAsync("/api/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized, "session_ended");
        await (await first.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_users_session_cannot_be_revoked()
    {
        var owner = await factory.RegisterAndLoginAsync("Nora");
        var stranger = await factory.RegisterAndLoginAsync("Omar");
        await (await stranger.Client.DeleteAsync($"/api/v1/auth/sessions/{owner.SessionId}"))
            .ExpectProblem(HttpStatusCode.NotFound, "session_not_found");
        await (await owner.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
    }
}
