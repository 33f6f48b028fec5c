using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class ChangeEmailTests(MailFactory factory) : IClassFixture<MailFactory>
{
    [Fact]
    public async Task A_new_address_is_confirmed_before_it_replaces_the_old_one_which_is_told()
    {
        var user = await factory.RegisterAndLoginAsync("Mover");
        var taken = await factory.RegisterAndLoginAsync("Holder");
        var target = $"moved.{Guid.NewGuid():N}@example.com";

        await (await user.Client.PostJson("/api/v1/me/email", new { new_email = target, password = "wrong password" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "wrong_password");
        await (await user.Client.PostJson("/api/v1/me/email", new { new_email = user.Email, password = user.Password }))
            .ExpectProblem(HttpStatusCode.BadRequest, "same_email");
        await (await user.Client.PostJson("/api/v1/me/email", new { new_email = taken.Email.ToUpperInvariant(), password = user.Password }))
            .ExpectProblem(HttpStatusCode.Conflict, "email_taken");
        await (await user.Client.PostJson("/api/v1/me/email", new { new_email = target, password = user.Password })).Expect(HttpStatusCode.Accepted);

        var mail = await factory.Smtp.WaitForAsync(target, m => (m.Subject ?? "").StartsWith("Confirm your new Atrium address"));
        Assert.Equal(user.Email, (string?)(await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK))["email"]);

        await (await factory.Anonymous().PostJson("/api/v1/auth/confirm-email", new { email = target, code = MailReading.CodeOf(mail) }))
            .Expect(HttpStatusCode.NoContent);

        var me = await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        Assert.Equal(target, (string?)me["email"]);
        Assert.True((bool)me["email_confirmed"]!);
        var notice = await factory.Smtp.WaitForAsync(user.Email, m => m.Subject == "Your Atrium address was changed");
        Assert.Contains(target, notice.TextBody);
        await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = target, password = user.Password })).Expect(HttpStatusCode.OK);
    }
}

/// <summary>Two password checks per account per window.</summary>
public sealed class PasswordCheckLimitFactory : AtriumFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["RateLimits:PasswordChangePerAccount:Limit"] = "2";
        return settings;
    }
}

public sealed class ChangeEmailLimitTests(PasswordCheckLimitFactory factory) : IClassFixture<PasswordCheckLimitFactory>
{
    [Fact]
    public async Task Guessing_the_password_through_an_address_change_is_limited_per_account()
    {
        var user = await factory.RegisterAndLoginAsync("Victim");
        var body = new { new_email = $"thief.{Guid.NewGuid():N}@example.com", password = "a wrong guess" };

        for (var i = 0; i < 2; i++)
            await (await user.Client.PostJson("/api/v1/me/email", body)).ExpectProblem(HttpStatusCode.Forbidden, "wrong_password");
        var limited = await user.Client.PostJson("/api/v1/me/email", body);
        await limited.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(limited.Headers.RetryAfter);
    }
}
