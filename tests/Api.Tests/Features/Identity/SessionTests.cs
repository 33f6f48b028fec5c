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
