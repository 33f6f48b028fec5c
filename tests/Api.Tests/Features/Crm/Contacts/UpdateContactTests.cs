using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Contacts;

public sealed class UpdateContactTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_member_changes_only_their_own_contacts_and_a_manager_changes_any()
    {
        var org = await factory.NewOrganizationAsync();
        var member = await factory.AddMemberAsync(org, "member");
        var manager = await factory.AddMemberAsync(org, "manager");
        var ownersContact = await org.Owner.Client.CreateContactAsync("Owner's");
        var membersContact = await member.Client.CreateContactAsync("Member's");

        var problem = await (await member.Client.PatchJson($"/api/v1/contacts/{ownersContact}", new { name = "Mine now" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal("contacts.manage_all", (string?)problem["permission"]);
        await (await member.Client.DeleteAsync($"/api/v1/contacts/{ownersContact}")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");

        var changed = await (await member.Client.PatchJson($"/api/v1/contacts/{membersContact}", new { phone = "+4420123456" })).Expect(HttpStatusCode.OK);
        Assert.Equal("+4420123456", (string?)changed["phone"]);
        Assert.Equal("Member's", (string?)changed["name"]);

        await (await manager.Client.PatchJson($"/api/v1/contacts/{ownersContact}", new { name = "Renamed" })).Expect(HttpStatusCode.OK);
        await (await manager.Client.DeleteAsync($"/api/v1/contacts/{membersContact}")).Expect(HttpStatusCode.NoContent);
        await (await org.Owner.Client.GetAsync($"/api/v1/contacts/{membersContact}")).ExpectProblem(HttpStatusCode.NotFound, "contact_not_found");
    }

    [Fact]
    public async Task Handing_a_contact_to_another_member_needs_manage_all_and_a_member()
    {
        var org = await factory.NewOrganizationAsync();
        var member = await factory.AddMemberAsync(org, "member");
        var outsider = await factory.RegisterAndLoginAsync("Outsider");
        var contact = await member.Client.CreateContactAsync();

        await (await member.Client.PatchJson($"/api/v1/contacts/{contact}", new { owner_id = org.Owner.Id }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await member.Client.PostJson("/api/v1/contacts", new { name = "For the boss", owner_id = org.Owner.Id }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await org.Owner.Client.PatchJson($"/api/v1/contacts/{contact}", new { owner_id = outsider.Id }))
            .ExpectProblem(HttpStatusCode.NotFound, "owner_not_found");

        var moved = await (await org.Owner.Client.PatchJson($"/api/v1/contacts/{contact}", new { owner_id = org.Owner.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal(org.Owner.Id, (long)moved["owner_id"]!);
    }

    [Fact]
    public async Task An_empty_email_clears_it_and_absent_fields_stay()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await org.Owner.Client.CreateContactAsync("Jane", "jane@example.com");
        var changed = await (await org.Owner.Client.PatchJson($"/api/v1/contacts/{contact}", new { email = "" })).Expect(HttpStatusCode.OK);
        Assert.Null(changed["email"]);
        Assert.Equal("+123456789", (string?)changed["phone"]);
    }
}
