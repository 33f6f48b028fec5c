using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Features.Spaces;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class TwoStepLoginTests(MailFactory factory) : IClassFixture<MailFactory>
{
    private const string LoginSubject = "Your Atrium login code";

    private async Task<TestUser> WithTwoStepAsync(string name)
    {
        var user = await factory.RegisterAndLoginAsync(name);
        var me = await (await user.Client.PostAsync("/api/v1/me/two-step-login", null)).Expect(HttpStatusCode.OK);
        Assert.True((bool)me["two_step_login"]!);
        return user;
    }

    private async Task<JsonNode> LoginAsync(TestUser user) =>
        await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password })).Expect(HttpStatusCode.OK);

    private async Task<(string ChallengeId, string Code)> ChallengeAsync(TestUser user)
    {
        var before = factory.Smtp.To(user.Email).Count(m => (m.Subject ?? "").StartsWith(LoginSubject));
        var answer = await LoginAsync(user);
        Assert.True((bool)answer["otp_required"]!);
        Assert.Equal(600, (int)answer["expires_in"]!);
        Assert.Null(answer["access_token"]);
        await JobKit.EventuallyAsync(() => Task.FromResult(factory.Smtp.To(user.Email).Count(m => (m.Subject ?? "").StartsWith(LoginSubject)) > before), "login code mail");
        return ((string)answer["challenge_id"]!, MailReading.CodeOf(factory.Smtp.To(user.Email).Last(m => (m.Subject ?? "").StartsWith(LoginSubject))));
    }

    private static string Other(string code) => code == "000000" ? "111111" : "000000";

    private Task<HttpResponseMessage> OtpAsync(string challengeId, string code) =>
        factory.Anonymous().PostJson("/api/v1/auth/login/otp", new { challenge_id = challengeId, code });

    [Fact]
    public async Task With_two_step_login_the_password_alone_gets_a_challenge_and_the_mailed_code_opens_a_session_once()
    {
        var user = await WithTwoStepAsync("Careful");
        var (challenge, code) = await ChallengeAsync(user);

        await (await OtpAsync(challenge, Other(code))).ExpectProblem(HttpStatusCode.BadRequest, "invalid_code");
        var tokens = await (await OtpAsync(challenge, code)).Expect(HttpStatusCode.OK);
        await (await OtpAsync(challenge, code)).ExpectProblem(HttpStatusCode.BadRequest, "challenge_used");

        var client = factory.Anonymous().WithBearer((string)tokens["access_token"]!);
        Assert.Equal(user.Email, (string?)(await (await client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK))["email"]);
        await (await OtpAsync(new string('a', 32), code)).ExpectProblem(HttpStatusCode.BadRequest, "challenge_not_found");
        await (await OtpAsync("short", code)).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await OtpAsync(challenge, "12345")).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Five_wrong_codes_burn_the_challenge_and_a_late_code_has_expired()
    {
        var user = await WithTwoStepAsync("Guesser");
        var (challenge, code) = await ChallengeAsync(user);
        for (var i = 0; i < 4; i++)
            await (await OtpAsync(challenge, Other(code))).ExpectProblem(HttpStatusCode.BadRequest, "invalid_code");
        await (await OtpAsync(challenge, Other(code))).ExpectProblem(HttpStatusCode.BadRequest, "challenge_burned");
        await (await OtpAsync(challenge, code)).ExpectProblem(HttpStatusCode.BadRequest, "challenge_burned");

        var (late, lateCode) = await ChallengeAsync(user);
        await factory.Redis.HashSetAsync("otp:" + late, "exp", 0);
        await (await OtpAsync(late, lateCode)).ExpectProblem(HttpStatusCode.BadRequest, "challenge_expired");
    }

    [Fact]
    public async Task A_resent_code_waits_for_the_cooldown_and_replaces_the_old_one()
    {
        var user = await WithTwoStepAsync("Impatient");
        var (challenge, first) = await ChallengeAsync(user);

        var soon = await factory.Anonymous().PostJson("/api/v1/auth/login/otp/resend", new { challenge_id = challenge });
        await soon.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(soon.Headers.RetryAfter);
        await (await factory.Anonymous().PostJson("/api/v1/auth/login/otp/resend", new { challenge_id = new string('b', 32) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "challenge_not_found");

        await factory.Redis.HashSetAsync("otp:" + challenge, "sent", 0);
        await (await factory.Anonymous().PostJson("/api/v1/auth/login/otp/resend", new { challenge_id = challenge })).Expect(HttpStatusCode.Accepted);
        await JobKit.EventuallyAsync(() => Task.FromResult(factory.Smtp.To(user.Email).Count(m => (m.Subject ?? "").StartsWith(LoginSubject)) == 2), "second code");
        var second = MailReading.CodeOf(factory.Smtp.To(user.Email).Last(m => (m.Subject ?? "").StartsWith(LoginSubject)));

        if (second != first)
            await (await OtpAsync(challenge, first)).ExpectProblem(HttpStatusCode.BadRequest, "invalid_code");
        await (await OtpAsync(challenge, second)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_organization_that_requires_two_step_login_asks_its_members_and_nobody_else()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var member = await factory.RegisterAndLoginAsync("Member");
        var outsider = await factory.RegisterAndLoginAsync("Outsider");
        var organization = await owner.CreateOrganizationAsync("Strict Ltd");
        await factory.AddMemberAsync(owner, $"/api/v1/organizations/{organization}", member);

        await (await owner.Client.PatchJson($"/api/v1/organizations/{organization}", new { settings = new { require_two_step_login = true } }))
            .Expect(HttpStatusCode.OK);

        var (challenge, code) = await ChallengeAsync(member);
        Assert.True((bool)(await LoginAsync(owner))["otp_required"]!);
        Assert.NotNull((await LoginAsync(outsider))["access_token"]);
        await (await OtpAsync(challenge, code)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_step_login_is_turned_off_only_with_a_mailed_code()
    {
        var user = await WithTwoStepAsync("Switcher");
        var stranger = await factory.RegisterAndLoginAsync("Stranger");

        var off = await (await user.Client.PostAsync("/api/v1/me/two-step-login/off-code", null)).Expect(HttpStatusCode.OK);
        var challenge = (string)off["challenge_id"]!;
        await (await user.Client.PostAsync("/api/v1/me/two-step-login/off-code", null)).ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        var mail = await factory.Smtp.WaitForAsync(user.Email, m => m.Subject!.StartsWith("Code to turn off two-step login"));
        var code = MailReading.CodeOf(mail);

        await (await stranger.Client.PostJson("/api/v1/me/two-step-login/off", new { challenge_id = challenge, code }))
            .ExpectProblem(HttpStatusCode.BadRequest, "challenge_not_found");
        await (await OtpAsync(challenge, code)).ExpectProblem(HttpStatusCode.BadRequest, "challenge_not_found");
        await (await user.Client.PostJson("/api/v1/me/two-step-login/off", new { challenge_id = challenge, code = Other(code) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_code");
        var me = await (await user.Client.PostJson("/api/v1/me/two-step-login/off", new { challenge_id = challenge, code })).Expect(HttpStatusCode.OK);
        Assert.False((bool)me["two_step_login"]!);
        Assert.NotNull((await LoginAsync(user))["access_token"]);
    }
}

/// <summary>Small code limits: 3 per account, 8 per IP.</summary>
public sealed class CodeLimitFactory : MailFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["RateLimits:CodePerAccount:Limit"] = "3";
        settings["RateLimits:CodePerIp:Limit"] = "8";
        return settings;
    }
}

public sealed class LoginCodeLimitTests(CodeLimitFactory factory) : IClassFixture<CodeLimitFactory>
{
    [Fact]
    public async Task Login_codes_are_limited_per_account_and_per_ip_with_retry_after()
    {
        var user = await factory.RegisterAndLoginAsync("Target");
        await (await user.Client.PostAsync("/api/v1/me/two-step-login", null)).Expect(HttpStatusCode.OK);
        var challenge = (string)(await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password }))
            .Expect(HttpStatusCode.OK))["challenge_id"]!;

        for (var i = 0; i < 3; i++)
            await (await factory.Anonymous().PostJson("/api/v1/auth/login/otp", new { challenge_id = challenge, code = "999999" }))
                .ExpectProblem(HttpStatusCode.BadRequest);
        var perAccount = await factory.Anonymous().PostJson("/api/v1/auth/login/otp", new { challenge_id = challenge, code = "999999" });
        await perAccount.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(perAccount.Headers.RetryAfter);

        // 4 codes from this IP so far; 4 more are answered, the next is refused.
        for (var i = 0; i < 4; i++)
            await (await factory.Anonymous().PostJson("/api/v1/auth/login/otp", new { challenge_id = new string('c', 32), code = "999999" }))
                .ExpectProblem(HttpStatusCode.BadRequest, "challenge_not_found");
        var perIp = await factory.Anonymous().PostJson("/api/v1/auth/login/otp", new { challenge_id = new string('c', 32), code = "999999" });
        await perIp.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(perIp.Headers.RetryAfter);
    }
}
