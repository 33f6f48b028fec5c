using System.Net;
using Atrium.Api.Tests.Infrastructure;
using StackExchange.Redis;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class RefreshTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
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
}
