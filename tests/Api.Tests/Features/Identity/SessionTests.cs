using System.Net;
using Atrium.Api.Tests.Infrastructure;
using StackExchange.Redis;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class SessionTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Each_request_pushes_the_session_ttl_back_to_two_hours()
    {
        var user = await factory.RegisterAndLoginAsync("Hana");
        RedisKey key = "session:" + user.SessionId;
        await factory.Redis.KeyExpireAsync(key, TimeSpan.FromSeconds(30));

        await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);

        var ttl = await factory.Redis.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value.TotalSeconds, 7100, 7200);
    }

    [Fact]
    public async Task A_session_gone_from_redis_is_401_even_with_a_valid_jwt()
    {
        var user = await factory.RegisterAndLoginAsync("Ivan");
        await factory.Redis.KeyDeleteAsync("session:" + user.SessionId);
        await (await user.Client.GetAsync("/api/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized, "session_ended");
    }

    [Fact]
    public async Task Logout_ends_the_session_at_once()
    {
        var user = await factory.RegisterAndLoginAsync("Jack");
        await (await user.Client.PostAsync("/api/v1/auth/logout", null)).Expect(HttpStatusCode.NoContent);
        await (await user.Client.GetAsync("/api/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized, "session_ended");
        await (await factory.Anonymous().PostJson("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task Refresh_rotates_the_pair_and_the_old_refresh_token_dies()
    {
        var user = await factory.RegisterAndLoginAsync("Kate");
        var anonymous = factory.Anonymous();
        var next = await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken })).Expect(HttpStatusCode.OK);
        Assert.NotEqual(user.RefreshToken, (string?)next["refresh_token"]);
        Assert.Equal(user.SessionId, (string?)next["session_id"]);

        var client = factory.Anonymous().WithBearer((string)next["access_token"]!);
        await (await client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);

        var again = await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = (string)next["refresh_token"]! })).Expect(HttpStatusCode.OK);
        Assert.NotEqual((string?)next["refresh_token"], (string?)again["refresh_token"]);
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_revokes_the_whole_session()
    {
        var user = await factory.RegisterAndLoginAsync("Liam");
        var anonymous = factory.Anonymous();
        var next = await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken })).Expect(HttpStatusCode.OK);

        await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "refresh_token_reused");

        // The thief's replay killed the session for the legitimate holder too.
        await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = (string)next["refresh_token"]! }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        await (await factory.Anonymous().WithBearer((string)next["access_token"]!).GetAsync("/api/v1/me"))
            .ExpectProblem(HttpStatusCode.Unauthorized, "session_ended");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA.forged-secret")]
    public async Task Malformed_or_forged_refresh_tokens_are_401(string token)
    {
        await (await factory.Anonymous().PostJson("/api/v1/auth/refresh", new { refresh_token = token }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task Sessions_are_listed_and_one_can_be_revoked()
    {
        var first = await factory.RegisterAndLoginAsync("Mia");
        var second = await factory.LoginAgainAsync(first);

        var list = (await (await first.Client.GetAsync("/api/v1/auth/sessions")).Expect(HttpStatusCode.OK))["items"]!.AsArray();
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

    [Theory]
    [InlineData("Bearer not-a-jwt", "invalid_token")]
    [InlineData("Basic abc", "unauthenticated")]
    public async Task Bad_credentials_are_401_problems(string header, string code)
    {
        var client = factory.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        await (await client.GetAsync("/api/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized, code);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var token = handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "atrium",
            Audience = "atrium-api",
            Claims = new Dictionary<string, object> { ["sub"] = "1", ["sid"] = "AAAAAAAAAAAAAAAAAAAAAA", ["sae"] = 4102444800L },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[64]), "HS256"),
        });
        await (await factory.Anonymous().WithBearer(token).GetAsync("/api/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }
}
