using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces.Members;

/// <summary>Accounts made by an organization's administrator, finished by their owner from a mailed link.</summary>
public sealed class CreateUserTests(MailFactory factory) : IClassFixture<MailFactory>
{
    private const string Password = "chosen by the owner";

    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@example.com";

    private Task<MimeKit.MimeMessage> LinkMailAsync(string email) =>
        factory.Smtp.WaitForAsync(email, m => (m.Subject ?? "").StartsWith("An Atrium account was made for you"));

    [Fact]
    public async Task An_admin_makes_an_account_whose_owner_sets_the_password_from_the_mailed_link()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var organization = await owner.CreateOrganizationAsync("Delta");
        var email = NewEmail("hire");
        var username = "hire" + Guid.NewGuid().ToString("N")[..8];

        var member = await (await owner.Client.PostJson($"/api/v1/organizations/{organization}/users", new
        {
            email, name = "Nora Hire", username, position = "Accountant", birth_date = "1991-02-03", role = "manager",
        })).Expect(HttpStatusCode.Created);
        var userId = (long)member["user"]!["id"]!;
        Assert.Equal("manager", (string?)member["role"]);
        Assert.Equal(email, (string?)member["user"]!["email"]);

        var actions = (await owner.GetAsync($"/api/v1/organizations/{organization}/audit-log"))["items"]!.AsArray().Select(e => (string)e!["action"]!).ToArray();
        Assert.Contains("account.created", actions);
        Assert.Contains("member.added", actions);
        await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email, password = Password })).ExpectProblem(HttpStatusCode.Unauthorized, "invalid_credentials");

        var mail = await LinkMailAsync(email);
        Assert.Contains("Delta", mail.Subject);
        Assert.Contains("https://atrium.test/set-password?token=", mail.TextBody);
        var token = MailReading.TokenOf(mail);

        await (await factory.Anonymous().PostJson("/api/v1/auth/password/reset", new { token, password = Password })).ExpectProblem(HttpStatusCode.BadRequest, "invalid_token");
        await (await factory.Anonymous().PostJson("/api/v1/auth/set-password", new { token, password = Password })).Expect(HttpStatusCode.NoContent);
        await (await factory.Anonymous().PostJson("/api/v1/auth/set-password", new { token, password = Password })).ExpectProblem(HttpStatusCode.BadRequest, "token_used");

        var tokens = await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email, password = Password })).Expect(HttpStatusCode.OK);
        var me = await (await factory.Anonymous().WithBearer((string)tokens["access_token"]!).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        Assert.Equal(userId, (long)me["id"]!);
        Assert.True((bool)me["email_confirmed"]!);
        Assert.Equal("Accountant", (string?)me["position"]);
        Assert.Equal("1991-02-03", (string?)me["birth_date"]);
    }

    [Fact]
    public async Task An_address_with_an_account_a_member_without_members_manage_and_bad_input_are_refused()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var organization = await owner.CreateOrganizationAsync("Epsilon");
        var existing = await factory.RegisterAndLoginAsync("Existing");
        var plain = await factory.RegisterAndLoginAsync("Plain");
        await factory.AddMemberAsync(owner, $"/api/v1/organizations/{organization}", plain);
        var url = $"/api/v1/organizations/{organization}/users";

        await (await owner.Client.PostJson(url, new { email = existing.Email.ToUpperInvariant(), name = "Again", role = "member" }))
            .ExpectProblem(HttpStatusCode.Conflict, "account_exists");
        await (await plain.Client.PostJson(url, new { email = NewEmail("x"), name = "X", role = "member" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await existing.Client.PostJson(url, new { email = NewEmail("y"), name = "Y", role = "member" }))
            .ExpectProblem(HttpStatusCode.NotFound);
        await (await owner.Client.PostJson(url, new { email = "not-an-address", name = "", role = "owner" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        var project = await owner.CreateProjectAsync("Board");
        await (await owner.Client.PostJson($"/api/v1/projects/{project}/users", new { email = NewEmail("z"), name = "Z", role = "member" }))
            .ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expired_or_unknown_set_password_link_is_refused_with_its_own_code()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var organization = await owner.CreateOrganizationAsync("Zeta");
        var email = NewEmail("late");
        var member = await (await owner.Client.PostJson($"/api/v1/organizations/{organization}/users", new { email, name = "Late", role = "member" }))
            .Expect(HttpStatusCode.Created);
        var token = MailReading.TokenOf(await LinkMailAsync(email));

        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update account_tokens set expires_at = now() - interval '1 second' where user_id = @id", new { id = (long)member["user"]!["id"]! });

        await (await factory.Anonymous().PostJson("/api/v1/auth/set-password", new { token, password = Password })).ExpectProblem(HttpStatusCode.BadRequest, "token_expired");
        await (await factory.Anonymous().PostJson("/api/v1/auth/set-password", new { token = "unknown", password = Password })).ExpectProblem(HttpStatusCode.BadRequest, "invalid_token");
    }
}
