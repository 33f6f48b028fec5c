using System.Net;
using Atrium.Api.Tests.Infrastructure;
using StackExchange.Redis;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class LogoutTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Logout_ends_the_session_at_once()
    {
        var user = await factory.RegisterAndLoginAsync("Jack");
        await (await user.Client.PostAsync("/api/v1/auth/logout", null)).Expect(HttpStatusCode.NoContent);
        await (await user.Client.GetAsync("/api/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized, "session_ended");
        await (await factory.Anonymous().PostJson("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }
}
