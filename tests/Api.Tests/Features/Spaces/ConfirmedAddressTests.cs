using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces;

/// <summary>Only the owner of an address gets what was sent to it: invitations and adds by e-mail match confirmed addresses only.</summary>
public sealed class ConfirmedAddressTests(MailFactory factory) : IClassFixture<MailFactory>
{
    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@example.com";

    private async Task ConfirmByMailAsync(string email)
    {
        var mail = await factory.Smtp.WaitForAsync(email, m => (m.Subject ?? "").StartsWith("Your Atrium confirmation code"));
        await (await factory.Anonymous().PostJson("/api/v1/auth/confirm-email", new { email, code = MailReading.CodeOf(mail) })).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Registering_an_invited_address_without_confirming_it_neither_shows_nor_accepts_the_invitation()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var organization = await owner.CreateOrganizationAsync("Acme");
        var invited = NewEmail("cfo");
        var invitation = await (await owner.Client.PostJson($"/api/v1/organizations/{organization}/invitations", new { email = invited, role = "admin" }))
            .Expect(HttpStatusCode.Created);
        var id = (long)invitation["id"]!;
        var letter = await factory.Smtp.WaitForAsync(invited, m => m.Subject == "You are invited to Acme on Atrium");
        Assert.Contains("Owner invites you to Acme.", letter.TextBody);

        var taker = await factory.RegisterAndLoginAsync("Taker", email: invited);

        Assert.Empty((await taker.GetAsync("/api/v1/me/invitations"))["items"]!.AsArray());
        await (await taker.Client.PostAsync($"/api/v1/invitations/{id}/accept", null)).ExpectProblem(HttpStatusCode.NotFound);
        await (await taker.Client.PostAsync($"/api/v1/invitations/{id}/decline", null)).ExpectProblem(HttpStatusCode.NotFound);
        await (await taker.Client.GetAsync($"/api/v1/organizations/{organization}")).ExpectProblem(HttpStatusCode.NotFound);

        await ConfirmByMailAsync(invited);

        Assert.Equal(id, (long)(await taker.GetAsync("/api/v1/me/invitations"))["items"]!.AsArray().Single()!["id"]!);
        await (await taker.Client.PostAsync($"/api/v1/invitations/{id}/accept", null)).Expect(HttpStatusCode.OK);
        await (await taker.Client.GetAsync($"/api/v1/organizations/{organization}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_invitation_to_the_address_of_an_unconfirmed_account_is_not_bound_to_that_account()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var organization = await owner.CreateOrganizationAsync("Beta");
        var squatter = await factory.RegisterAndLoginAsync("Squatter");

        var invitation = await (await owner.Client.PostJson($"/api/v1/organizations/{organization}/invitations", new { email = squatter.Email, role = "member" }))
            .Expect(HttpStatusCode.Created);

        Assert.Null(invitation["user"]);
        Assert.Empty((await squatter.GetAsync("/api/v1/me/invitations"))["items"]!.AsArray());
        await (await squatter.Client.PostAsync($"/api/v1/invitations/{(long)invitation["id"]!}/accept", null)).ExpectProblem(HttpStatusCode.NotFound);
        await factory.Smtp.WaitForAsync(squatter.Email, m => m.Subject == "You are invited to Beta on Atrium");
    }

    [Fact]
    public async Task Adding_a_member_by_email_finds_only_a_confirmed_address()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var organization = await owner.CreateOrganizationAsync("Gamma");
        var person = await factory.RegisterAndLoginAsync("Person");
        await factory.AcquaintAsync(owner, person);

        await (await owner.Client.PostJson($"/api/v1/organizations/{organization}/members", new { email = person.Email, role = "member" }))
            .ExpectProblem(HttpStatusCode.NotFound, "user_not_found");

        await ConfirmByMailAsync(person.Email);

        var member = await (await owner.Client.PostJson($"/api/v1/organizations/{organization}/members", new { email = person.Email, role = "member" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(person.Id, (long)member["user"]!["id"]!);
    }
}
