using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class MeTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Me_needs_a_session()
    {
        await (await factory.Anonymous().GetAsync("/api/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_sent_and_empty_clears()
    {
        var user = await factory.RegisterAndLoginAsync("Paul");
        var username = "paul_" + Guid.NewGuid().ToString("N")[..6];
        var changed = await (await user.Client.PatchJson("/api/v1/me",
            new { position = "Engineer", birth_date = "1990-05-17", username })).Expect(HttpStatusCode.OK);
        Assert.Equal("Paul", (string?)changed["name"]);
        Assert.Equal("Engineer", (string?)changed["position"]);
        Assert.Equal("1990-05-17", (string?)changed["birth_date"]);
        Assert.Equal(username, (string?)changed["username"]);

        var cleared = await (await user.Client.PatchJson("/api/v1/me", new { position = "" })).Expect(HttpStatusCode.OK);
        Assert.Null(cleared["position"]);
        Assert.Equal(username, (string?)cleared["username"]);
    }

    [Fact]
    public async Task Patch_to_a_taken_username_is_409()
    {
        var taken = "quinn_" + Guid.NewGuid().ToString("N")[..6];
        await factory.RegisterAndLoginAsync("Quinn", username: taken);
        var other = await factory.RegisterAndLoginAsync("Rita");
        await (await other.Client.PatchJson("/api/v1/me", new { username = taken.ToUpperInvariant() }))
            .ExpectProblem(HttpStatusCode.Conflict, "username_taken");
    }

    [Theory]
    [InlineData("{\"birth_date\": \"2999-01-01\"}", "validation_failed")]
    [InlineData("{\"birth_date\": \"yesterday\"}", "malformed_json")]
    [InlineData("{\"username\": \"no spaces allowed\"}", "validation_failed")]
    public async Task Patch_refuses_bad_values(string body, string code)
    {
        var user = await factory.RegisterAndLoginAsync("Sam");
        await (await user.Client.SendRaw(HttpMethod.Patch, "/api/v1/me", body)).ExpectProblem(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_this_one()
    {
        var user = await factory.RegisterAndLoginAsync("Tina");
        var other = await factory.LoginAgainAsync(user);

        await (await user.Client.PostJson("/api/v1/me/password", new { current_password = user.Password, new_password = "a brand new secret" }))
            .Expect(HttpStatusCode.NoContent);

        await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        await (await other.Client.GetAsync("/api/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized, "session_ended");
        await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = "a brand new secret" }))
            .Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one()
    {
        var user = await factory.RegisterAndLoginAsync("Uma");
        await (await user.Client.PostJson("/api/v1/me/password", new { current_password = "not it at all", new_password = "a brand new secret" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "wrong_password");
    }
}
