using System.Globalization;
using System.Net;
using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Api.Tests.Features.Identity;

/// <summary>
/// A token signed with the service's key is still only as good as the session it names: the session must
/// belong to the token's subject, and its absolute end is the session's, whatever the token claims.
/// </summary>
public sealed class SessionBindingTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_token_carrying_ones_own_session_and_another_users_subject_is_refused()
    {
        var attacker = await factory.RegisterAndLoginAsync("Mallory");
        var victim = await factory.RegisterAndLoginAsync("Alice");

        var forged = Forge(victim.Id, attacker.SessionId, DateTimeOffset.UtcNow.AddDays(30));
        await (await factory.Anonymous().WithBearer(forged).GetAsync("/api/v1/me"))
            .ExpectProblem(HttpStatusCode.Unauthorized, "session_ended");

        // The attacker's own session is untouched by the attempt, and the victim is still served as herself.
        await (await attacker.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        var me = await (await victim.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        Assert.Equal(victim.Id, (long)me["id"]!);
    }

    [Fact]
    public async Task The_absolute_end_comes_from_the_session_not_from_the_token()
    {
        var user = await factory.RegisterAndLoginAsync("Boris");
        // The session reached its absolute end; a token claiming a later one must not keep it alive.
        await factory.Redis.HashSetAsync("session:" + user.SessionId, "abs", DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds());
        var claimsLater = Forge(user.Id, user.SessionId, DateTimeOffset.UtcNow.AddDays(30));

        await (await factory.Anonymous().WithBearer(claimsLater).GetAsync("/api/v1/me"))
            .ExpectProblem(HttpStatusCode.Unauthorized, "session_ended");
        Assert.False(await factory.Redis.KeyExistsAsync("session:" + user.SessionId));
    }

    [Fact]
    public async Task Near_its_absolute_end_a_session_lives_only_until_that_end()
    {
        var user = await factory.RegisterAndLoginAsync("Clara");
        var end = DateTimeOffset.UtcNow.AddMinutes(10);
        await factory.Redis.HashSetAsync("session:" + user.SessionId, "abs", end.ToUnixTimeMilliseconds());

        await (await factory.Anonymous().WithBearer(Forge(user.Id, user.SessionId, end.AddDays(30))).GetAsync("/api/v1/me"))
            .Expect(HttpStatusCode.OK);
        var ttl = await factory.Redis.KeyTimeToLiveAsync("session:" + user.SessionId);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value.TotalMinutes, 9, 10);
    }

    /// <summary>A token signed with the service's own (Development) key, with whatever claims the caller likes.</summary>
    private string Forge(long subject, string sessionId, DateTimeOffset claimedAbsoluteEnd)
    {
        var jwt = factory.Services.GetRequiredService<IOptions<JwtOptions>>().Value;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(15),
            Subject = new ClaimsIdentity(
            [
                new Claim(AtriumClaims.Subject, subject.ToString(CultureInfo.InvariantCulture)),
                new Claim(AtriumClaims.SessionId, sessionId),
                new Claim(AtriumClaims.SessionAbsoluteExpiry, claimedAbsoluteEnd.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
            ]),
            SigningCredentials = new SigningCredentials(TokenIssuer.KeyOf(jwt), SecurityAlgorithms.HmacSha256),
        });
    }
}
