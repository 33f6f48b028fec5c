using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Identity.External;

/// <summary>The test provider of <see cref="ExternalFactory"/>, with the job worker running and mail going to an in-process SMTP server.</summary>
public sealed class ExternalMailFactory : ExternalFactory
{
    public SmtpSink Smtp { get; } = new();

    protected override async Task StartPrivateServersAsync()
    {
        await base.StartPrivateServersAsync();
        Smtp.Start();
    }

    protected override async Task StopPrivateServersAsync()
    {
        await base.StopPrivateServersAsync();
        await Smtp.DisposeAsync();
    }

    protected override IDictionary<string, string?> Settings() => MailFactory.WorkerAndSmtp(base.Settings(), Smtp);
}

/// <summary>An account made by a first outside sign-in is welcomed through the outbox, and told how to set a password.</summary>
public sealed class ExternalWelcomeMailTests(ExternalMailFactory factory) : IClassFixture<ExternalMailFactory>
{
    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@example.com";

    private async Task<int> SetPasswordTokensAsync(string email)
    {
        await using var db = await factory.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<int>(
            "select count(*) from account_tokens t join users u on u.id = t.user_id where lower(u.email) = lower(@email) and t.purpose = 'set_password'",
            new { email });
    }

    [Fact]
    public async Task A_verified_first_sign_in_mails_a_welcome_whose_link_sets_a_password()
    {
        var email = NewEmail("welcome");
        factory.Idp.Next = new NextSignIn(Guid.NewGuid().ToString("N"), email, true, "Vera Outside");
        using var browser = factory.NewBrowser();
        await browser.SignInForTokensAsync();

        var welcome = await factory.Smtp.WaitForAsync(email, m => m.Subject == "Welcome to Atrium");
        Assert.Contains("Hello Vera Outside", welcome.TextBody);
        Assert.Contains("signed in with Test idp", welcome.TextBody);
        Assert.Contains("https://atrium.test/set-password?token=", welcome.TextBody);
        var token = MailReading.TokenOf(welcome);

        // The existing set-password flow: the account had no password; now it has one and logs in with it.
        await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email, password = "a brand new password" }))
            .ExpectProblem(HttpStatusCode.Unauthorized);
        await (await factory.Anonymous().PostJson("/api/v1/auth/set-password", new { token, password = "a brand new password" }))
            .Expect(HttpStatusCode.NoContent);
        await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email, password = "a brand new password" }))
            .Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_welcome_follows_the_browser_language()
    {
        var email = NewEmail("ru");
        factory.Idp.Next = new NextSignIn(Guid.NewGuid().ToString("N"), email, true, "Вера");
        using var browser = factory.NewBrowser();
        browser.Atrium.DefaultRequestHeaders.Add("Accept-Language", "ru-RU,ru;q=0.9");
        await browser.SignInForTokensAsync();

        var welcome = await factory.Smtp.WaitForAsync(email, m => m.Subject == "Добро пожаловать в Atrium");
        Assert.Contains("при входе через Test idp", welcome.TextBody);
        Assert.Contains("https://atrium.test/set-password?token=", welcome.TextBody);
    }

    [Fact]
    public async Task An_unverified_first_sign_in_is_welcomed_without_a_password_link()
    {
        var email = NewEmail("unverified");
        factory.Idp.Next = new NextSignIn(Guid.NewGuid().ToString("N"), email, false, "Una");
        using var browser = factory.NewBrowser();
        await browser.SignInForTokensAsync();

        var welcome = await factory.Smtp.WaitForAsync(email, m => m.Subject == "Welcome to Atrium");
        Assert.Contains("did not confirm the address", welcome.TextBody);
        Assert.DoesNotContain("token=", welcome.TextBody);
        Assert.Equal(0, await SetPasswordTokensAsync(email));
    }

    [Fact]
    public async Task Signing_in_again_or_joining_an_existing_account_makes_no_new_welcome()
    {
        var email = NewEmail("again");
        var subject = Guid.NewGuid().ToString("N");
        factory.Idp.Next = new NextSignIn(subject, email, true, "Again");
        using (var first = factory.NewBrowser())
            await first.SignInForTokensAsync();
        using (var second = factory.NewBrowser())
            await second.SignInForTokensAsync();
        Assert.Equal(1, await SetPasswordTokensAsync(email));

        var user = await factory.RegisterAndLoginAsync("Has Password");
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update users set email_confirmed_at = now() where id = @Id", new { user.Id });
        factory.Idp.Next = new NextSignIn(Guid.NewGuid().ToString("N"), user.Email, true, "Has Password");
        using (var joining = factory.NewBrowser())
            await joining.SignInForTokensAsync();
        Assert.Equal(0, await SetPasswordTokensAsync(user.Email));
    }
}
