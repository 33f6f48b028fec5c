using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Contacts;

public sealed class GetContactTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
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
}
