using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Contacts;

public sealed class CreateContactTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
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
