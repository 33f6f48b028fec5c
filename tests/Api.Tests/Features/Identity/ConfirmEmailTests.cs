using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class ConfirmEmailTests(MailFactory factory) : IClassFixture<MailFactory>
{
    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@example.com";

    private async Task<(HttpClient Client, long Id)> SignUpAsync(string email, string? language = null)
    {
        var client = factory.Anonymous();
        if (language is not null)
            client.WithHeader("Accept-Language", language);
        var user = await (await client.PostJson("/api/v1/auth/register", new { email, password = Users.DefaultPassword, name = "Mila" }))
            .Expect(HttpStatusCode.Created);
        Assert.False((bool)user["email_confirmed"]!);
        return (client, (long)user["id"]!);
    }

    private Task<MimeKit.MimeMessage> CodeMailAsync(string email) =>
        factory.Smtp.WaitForAsync(email, m => (m.Subject ?? "").Contains("code", StringComparison.OrdinalIgnoreCase) || (m.Subject ?? "").Contains("Код"));

    [Fact]
    public async Task Sign_up_mails_a_welcome_and_a_code_that_confirms_the_address_once()
    {
        var email = NewEmail("mila");
        var (client, _) = await SignUpAsync(email);

        var welcome = await factory.Smtp.WaitForAsync(email, m => m.Subject == "Welcome to Atrium");
        Assert.Contains("Hello Mila", welcome.TextBody);
        Assert.Contains("<p>Hello Mila,</p>", welcome.HtmlBody);
        var mail = await CodeMailAsync(email);
        var code = MailReading.CodeOf(mail);
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Contains("https://atrium.test/confirm-email?token=", mail.TextBody);
        Assert.Contains(code, mail.HtmlBody);

        await (await client.PostJson("/api/v1/auth/confirm-email", new { email = email.ToUpperInvariant(), code })).Expect(HttpStatusCode.NoContent);

        var me = await factory.LoginAgainAsync(new TestUser(0, email, Users.DefaultPassword, "", "", "", client));
        var profile = await (await me.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        Assert.True((bool)profile["email_confirmed"]!);
        Assert.NotNull(profile["email_confirmed_at"]);
        Assert.Equal("en", (string?)profile["locale"]);
        await (await client.PostJson("/api/v1/auth/confirm-email", new { email, code })).ExpectProblem(HttpStatusCode.BadRequest, "code_used");
        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(0, await db.QuerySingleAsync<long>("select count(*) from account_tokens where code_hash like '%' || @code || '%'", new { code }));
    }

    [Fact]
    public async Task Mail_is_in_russian_for_a_russian_browser_and_the_language_can_be_changed()
    {
        var email = NewEmail("ivan");
        await SignUpAsync(email, "ru-RU,ru;q=0.9,en;q=0.5");

        var welcome = await factory.Smtp.WaitForAsync(email, m => m.Subject == "Добро пожаловать в Atrium");
        Assert.Contains("Здравствуйте, Mila!", welcome.TextBody);
        Assert.StartsWith("Код подтверждения Atrium", (await CodeMailAsync(email)).Subject);

        var user = await factory.LoginAgainAsync(new TestUser(0, email, Users.DefaultPassword, "", "", "", factory.Anonymous()));
        Assert.Equal("ru", (string?)(await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK))["locale"]);
        Assert.Equal("en", (string?)(await (await user.Client.PatchJson("/api/v1/me", new { locale = "en" })).Expect(HttpStatusCode.OK))["locale"]);
        await (await user.Client.PatchJson("/api/v1/me", new { locale = "de" })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task The_link_token_confirms_once_and_unknown_or_expired_links_have_their_own_codes()
    {
        var email = NewEmail("link");
        var (client, id) = await SignUpAsync(email);
        var token = MailReading.TokenOf(await CodeMailAsync(email));

        await (await client.PostJson("/api/v1/auth/confirm-email", new { token = "nope" })).ExpectProblem(HttpStatusCode.BadRequest, "invalid_token");
        await (await client.PostJson("/api/v1/auth/confirm-email", new { token })).Expect(HttpStatusCode.NoContent);
        await (await client.PostJson("/api/v1/auth/confirm-email", new { token })).ExpectProblem(HttpStatusCode.BadRequest, "token_used");

        var other = NewEmail("late");
        var (otherClient, otherId) = await SignUpAsync(other);
        var mail = await CodeMailAsync(other);
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update account_tokens set expires_at = now() - interval '1 second' where user_id = @otherId", new { otherId });
        await (await otherClient.PostJson("/api/v1/auth/confirm-email", new { token = MailReading.TokenOf(mail) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "token_expired");
        await (await otherClient.PostJson("/api/v1/auth/confirm-email", new { email = other, code = MailReading.CodeOf(mail) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "code_expired");
        await (await otherClient.PostJson("/api/v1/auth/confirm-email", new { email = other, code = "12345" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await otherClient.PostJson("/api/v1/auth/confirm-email", new { email = other, code = "123456", token = "x" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotEqual(id, otherId);
    }

    [Fact]
    public async Task Wrong_codes_answer_like_unknown_addresses_and_five_of_them_kill_the_code()
    {
        var email = NewEmail("guess");
        var (client, _) = await SignUpAsync(email);
        var code = MailReading.CodeOf(await CodeMailAsync(email));
        var wrong = code == "000000" ? "111111" : "000000";

        var unknown = await (await client.PostJson("/api/v1/auth/confirm-email", new { email = NewEmail("nobody"), code }))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_code");
        for (var i = 0; i < 5; i++)
        {
            var refused = await (await client.PostJson("/api/v1/auth/confirm-email", new { email, code = wrong }))
                .ExpectProblem(HttpStatusCode.BadRequest, "invalid_code");
            Assert.Equal((string?)unknown["detail"], (string?)refused["detail"]);
        }

        await (await client.PostJson("/api/v1/auth/confirm-email", new { email, code })).ExpectProblem(HttpStatusCode.BadRequest, "invalid_code");
    }

    [Fact]
    public async Task Resend_answers_alike_for_any_address_keeps_a_cooldown_and_replaces_the_code()
    {
        var email = NewEmail("again");
        var (client, _) = await SignUpAsync(email);
        var first = MailReading.CodeOf(await CodeMailAsync(email));

        await (await client.PostJson("/api/v1/auth/confirm-email/resend", new { email = NewEmail("ghost") })).Expect(HttpStatusCode.Accepted);
        await (await client.PostJson("/api/v1/auth/confirm-email/resend", new { email })).Expect(HttpStatusCode.Accepted);
        var again = await (await client.PostJson("/api/v1/auth/confirm-email/resend", new { email })).ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(again["retry_after"]);

        await JobKit.EventuallyAsync(() => Task.FromResult(factory.Smtp.To(email).Count(m => (m.Subject ?? "").Contains("code")) == 2), "second code mail");
        var second = MailReading.CodeOf(factory.Smtp.To(email).Last(m => (m.Subject ?? "").Contains("code")));
        if (second != first)
            await (await client.PostJson("/api/v1/auth/confirm-email", new { email, code = first })).ExpectProblem(HttpStatusCode.BadRequest, "invalid_code");
        await (await client.PostJson("/api/v1/auth/confirm-email", new { email, code = second })).Expect(HttpStatusCode.NoContent);
        await (await client.PostJson("/api/v1/auth/confirm-email/resend", new { email = "not-an-address" })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
    }
}

/// <summary>With <c>Auth:RequireConfirmedEmail</c> and small code limits.</summary>
public sealed class StrictMailFactory : MailFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Auth:RequireConfirmedEmail"] = "true";
        settings["RateLimits:CodePerAccount:Limit"] = "3";
        return settings;
    }
}

public sealed class RequireConfirmedEmailTests(StrictMailFactory factory) : IClassFixture<StrictMailFactory>
{
    [Fact]
    public async Task Login_is_refused_until_the_address_is_confirmed()
    {
        var email = $"strict.{Guid.NewGuid():N}@example.com";
        var client = factory.Anonymous();
        await (await client.PostJson("/api/v1/auth/register", new { email, password = Users.DefaultPassword })).Expect(HttpStatusCode.Created);

        await (await client.PostJson("/api/v1/auth/login", new { email, password = Users.DefaultPassword }))
            .ExpectProblem(HttpStatusCode.Forbidden, "email_not_confirmed");
        await (await client.PostJson("/api/v1/auth/login", new { email, password = "wrong password" }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_credentials");

        var code = MailReading.CodeOf(await factory.Smtp.WaitForAsync(email, m => (m.Subject ?? "").Contains("code")));
        await (await client.PostJson("/api/v1/auth/confirm-email", new { email, code })).Expect(HttpStatusCode.NoContent);
        await (await client.PostJson("/api/v1/auth/login", new { email, password = Users.DefaultPassword })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Codes_entered_for_one_address_are_limited()
    {
        var email = $"limited.{Guid.NewGuid():N}@example.com";
        var client = factory.Anonymous();
        for (var i = 0; i < 3; i++)
            await (await client.PostJson("/api/v1/auth/confirm-email", new { email, code = "000000" })).ExpectProblem(HttpStatusCode.BadRequest, "invalid_code");

        var response = await client.PostJson("/api/v1/auth/confirm-email", new { email, code = "000000" });
        await response.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
