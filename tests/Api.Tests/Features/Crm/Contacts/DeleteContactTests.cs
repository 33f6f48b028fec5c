using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Contacts;

public sealed class DeleteContactTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
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
}
