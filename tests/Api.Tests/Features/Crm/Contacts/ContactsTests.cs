using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Contacts;

public sealed class ContactsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Create_returns_201_owned_by_the_caller_and_writes_an_audit_event()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await (await org.Owner.Client.PostJson("/api/v1/contacts",
            new { name = " John Doe ", email = "john.doe@example.com", phone = "+123456789" })).Expect(HttpStatusCode.Created);

        Assert.Equal("John Doe", (string?)contact["name"]);
        Assert.Equal(org.Owner.Id, (long)contact["owner_id"]!);
        Assert.Equal(org.Id, (long)contact["organization_id"]!);
        var id = (long)contact["id"]!;
        var read = await (await org.Owner.Client.GetAsync($"/api/v1/contacts/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("john.doe@example.com", (string?)read["email"]);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*)::int from audit_events where space_id = @org and action = 'contact.created' and entity_type = 'contact' and entity_id = @id",
            new { org = org.Id, id = id.ToString() }));
    }

    [Fact]
    public async Task A_missing_or_malformed_organization_header_is_400()
    {
        var org = await factory.NewOrganizationAsync();
        var client = factory.Anonymous().WithBearer(org.Owner.AccessToken);
        await (await client.GetAsync("/api/v1/contacts")).ExpectProblem(HttpStatusCode.BadRequest, "organization_header_missing");
        client.WithHeader(CrmWorld.Header, "abc");
        await (await client.GetAsync("/api/v1/contacts")).ExpectProblem(HttpStatusCode.BadRequest, "organization_header_invalid");
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var org = await factory.NewOrganizationAsync();
        var client = factory.Anonymous().WithHeader(CrmWorld.Header, org.Id.ToString());
        await (await client.GetAsync("/api/v1/contacts")).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_organization_the_caller_is_not_in_is_404_and_so_is_another_organizations_contact()
    {
        var mine = await factory.NewOrganizationAsync("Mine");
        var theirs = await factory.NewOrganizationAsync("Theirs");
        var theirContact = await theirs.Owner.Client.CreateContactAsync();

        var stranger = factory.Anonymous().WithBearer(mine.Owner.AccessToken).WithHeader(CrmWorld.Header, theirs.Id.ToString());
        await (await stranger.GetAsync("/api/v1/contacts")).ExpectProblem(HttpStatusCode.NotFound, "organization_not_found");

        var client = mine.Owner.Client;
        await (await client.GetAsync($"/api/v1/contacts/{theirContact}")).ExpectProblem(HttpStatusCode.NotFound, "contact_not_found");
        await (await client.PatchJson($"/api/v1/contacts/{theirContact}", new { name = "Taken" })).ExpectProblem(HttpStatusCode.NotFound, "contact_not_found");
        await (await client.DeleteAsync($"/api/v1/contacts/{theirContact}")).ExpectProblem(HttpStatusCode.NotFound, "contact_not_found");
    }

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

    [Fact]
    public async Task A_contact_with_deals_cannot_be_deleted()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await org.Owner.Client.CreateContactAsync();
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("""
                insert into crm_deals (organization_id, contact_id, owner_id, title, amount, currency, status)
                values (@org, @contact, @owner, 'Lost one', 5, 'USD', 'lost')
                """, new { org = org.Id, contact, owner = org.Owner.Id });

        await (await org.Owner.Client.DeleteAsync($"/api/v1/contacts/{contact}")).ExpectProblem(HttpStatusCode.Conflict, "contact_has_deals");
        await (await org.Owner.Client.GetAsync($"/api/v1/contacts/{contact}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_writes_an_audit_event_with_the_contact_before()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await org.Owner.Client.CreateContactAsync("Gone");
        await (await org.Owner.Client.DeleteAsync($"/api/v1/contacts/{contact}")).Expect(HttpStatusCode.NoContent);

        await using var db = await factory.OpenDatabaseAsync();
        var before = await db.QuerySingleAsync<string>(
            "select before::text from audit_events where space_id = @org and action = 'contact.deleted' and entity_id = @id",
            new { org = org.Id, id = contact.ToString() });
        Assert.Contains("\"name\": \"Gone\"", before);
    }

    [Fact]
    public async Task The_list_pages_searches_name_and_email_without_case_and_counts_the_total()
    {
        var org = await factory.NewOrganizationAsync();
        var client = org.Owner.Client;
        for (var i = 0; i < 5; i++)
            await client.CreateContactAsync($"Person {i}", $"p{i}@corp.example");
        await client.CreateContactAsync("Zoë Hart", "zoe@HARTLEY.example");
        await client.CreateContactAsync("Under_score", "u@x.example");

        var page = await (await client.GetAsync("/api/v1/contacts?page=2&page_size=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(7, (long)page["total"]!);
        Assert.Equal(2, (int)page["page"]!);
        Assert.Equal(2, (int)page["page_size"]!);
        Assert.Equal(2, page["items"]!.AsArray().Count);

        var byName = await (await client.GetAsync("/api/v1/contacts?search=PERSON")).Expect(HttpStatusCode.OK);
        Assert.Equal(5, (long)byName["total"]!);
        var byEmail = await (await client.GetAsync("/api/v1/contacts?search=hartley")).Expect(HttpStatusCode.OK);
        Assert.Equal("Zoë Hart", (string?)byEmail["items"]![0]!["name"]);
        var literal = await (await client.GetAsync("/api/v1/contacts?search=_")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (long)literal["total"]!);
        var defaults = await (await client.GetAsync("/api/v1/contacts")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int)defaults["page"]!);
        Assert.Equal(20, (int)defaults["page_size"]!);
    }

    [Theory]
    [InlineData("page_size=101")]
    [InlineData("page_size=0")]
    [InlineData("page=0")]
    [InlineData("page=abc")]
    [InlineData("owner_id=x")]
    public async Task Bad_list_parameters_are_400(string parameters)
    {
        var org = await factory.NewOrganizationAsync();
        await (await org.Owner.Client.GetAsync("/api/v1/contacts?" + parameters)).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_huge_page_is_an_empty_page_not_an_error()
    {
        var org = await factory.NewOrganizationAsync();
        var page = await (await org.Owner.Client.GetAsync("/api/v1/contacts?page=2147483647&page_size=100")).Expect(HttpStatusCode.OK);
        Assert.Empty(page["items"]!.AsArray());
    }

    [Fact]
    public async Task The_owner_filter_is_for_manager_and_up_but_a_member_may_filter_by_themselves()
    {
        var org = await factory.NewOrganizationAsync();
        var member = await factory.AddMemberAsync(org, "member");
        var manager = await factory.AddMemberAsync(org, "manager");
        await org.Owner.Client.CreateContactAsync("Owner's");
        await member.Client.CreateContactAsync("Member's");

        await (await member.Client.GetAsync($"/api/v1/contacts?owner_id={org.Owner.Id}")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        var own = await (await member.Client.GetAsync($"/api/v1/contacts?owner_id={member.Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Member's", (string?)own["items"]![0]!["name"]);
        var managed = await (await manager.Client.GetAsync($"/api/v1/contacts?owner_id={org.Owner.Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (long)managed["total"]!);
        Assert.Equal("Owner's", (string?)managed["items"]![0]!["name"]);
        var all = await (await member.Client.GetAsync("/api/v1/contacts")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, (long)all["total"]!);
    }

    [Theory]
    [InlineData("{\"name\": \"\"}")]
    [InlineData("{\"name\": \"A\", \"email\": \"nope\"}")]
    [InlineData("{\"name\": \"A\", \"phone\": \"call me\"}")]
    [InlineData("{\"name\": 5}")]
    [InlineData("{\"email\": \"a@b.co\"}")]
    [InlineData("{\"name\": \"a\\u0000b\"}")]
    [InlineData("[]")]
    [InlineData("{")]
    public async Task Junk_contacts_are_400_never_500(string body)
    {
        var org = await factory.NewOrganizationAsync();
        await (await org.Owner.Client.SendRaw(HttpMethod.Post, "/api/v1/contacts", body)).ExpectProblem(HttpStatusCode.BadRequest);
    }
}
