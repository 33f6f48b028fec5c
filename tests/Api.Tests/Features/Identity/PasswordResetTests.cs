using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class PasswordResetTests(MailFactory factory) : IClassFixture<MailFactory>
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task A_reset_link_sets_the_password_once_confirms_the_address_and_ends_every_session()
    {
        var user = await factory.RegisterAndLoginAsync("Forgetful");
        var client = factory.Anonymous();

        await (await client.PostJson("/api/v1/auth/password/forgot", new { email = $"ghost.{Guid.NewGuid():N}@example.com" })).Expect(HttpStatusCode.Accepted);
        await (await client.PostJson("/api/v1/auth/password/forgot", new { email = user.Email })).Expect(HttpStatusCode.Accepted);
        var mail = await factory.Smtp.WaitForAsync(user.Email, m => m.Subject == "Reset your Atrium password");
        var token = MailReading.TokenOf(mail);
        Assert.Contains("https://atrium.test/reset-password?token=" + token, mail.TextBody);

        await (await client.PostJson("/api/v1/auth/password/reset", new { token, password = "short" })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostJson("/api/v1/auth/password/reset", new { token = "junk", password = NewPassword })).ExpectProblem(HttpStatusCode.BadRequest, "invalid_token");
        await (await client.PostJson("/api/v1/auth/password/reset", new { token, password = NewPassword })).Expect(HttpStatusCode.NoContent);
        await (await client.PostJson("/api/v1/auth/password/reset", new { token, password = NewPassword })).ExpectProblem(HttpStatusCode.BadRequest, "token_used");

        await (await user.Client.GetAsync("/api/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized);
        await (await client.PostJson("/api/v1/auth/refresh", new { refresh_token = user.RefreshToken })).ExpectProblem(HttpStatusCode.Unauthorized);
        await (await client.PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password })).ExpectProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        var again = await factory.LoginAgainAsync(user with { Password = NewPassword });
        Assert.True((bool)(await (await again.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK))["email_confirmed"]!);
    }

    [Fact]
    public async Task An_expired_reset_link_is_token_expired_and_a_newer_link_kills_the_older()
    {
        var user = await factory.RegisterAndLoginAsync("Slow");
        var client = factory.Anonymous();
        await (await client.PostJson("/api/v1/auth/password/forgot", new { email = user.Email })).Expect(HttpStatusCode.Accepted);
        var first = MailReading.TokenOf(await factory.Smtp.WaitForAsync(user.Email, m => m.Subject == "Reset your Atrium password"));
        await (await client.PostJson("/api/v1/auth/password/forgot", new { email = user.Email })).Expect(HttpStatusCode.Accepted);
        await JobKit.EventuallyAsync(() => Task.FromResult(factory.Smtp.To(user.Email).Count(m => m.Subject == "Reset your Atrium password") == 2), "second link");
        var second = MailReading.TokenOf(factory.Smtp.To(user.Email).Last(m => m.Subject == "Reset your Atrium password"));

        await (await client.PostJson("/api/v1/auth/password/reset", new { token = first, password = NewPassword })).ExpectProblem(HttpStatusCode.BadRequest, "token_used");
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update account_tokens set expires_at = now() - interval '1 second' where user_id = @Id and purpose = 'password_reset'", new { user.Id });
        await (await client.PostJson("/api/v1/auth/password/reset", new { token = second, password = NewPassword })).ExpectProblem(HttpStatusCode.BadRequest, "token_expired");
    }
}
