using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Deals;

public sealed class GetDealTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_deal_of_another_organization_is_not_found_on_every_route()
    {
        var org = await factory.NewOrganizationAsync();
        var other = await factory.NewOrganizationAsync("Other");
        var foreign = await other.Owner.Client.CreateDealIdAsync(await other.Owner.Client.CreateContactAsync());
        var client = org.Owner.Client;

        await (await client.GetAsync($"/api/v1/deals/{foreign}")).ExpectProblem(HttpStatusCode.NotFound, "deal_not_found");
        await (await client.PatchJson($"/api/v1/deals/{foreign}", new { stage = "proposal" })).ExpectProblem(HttpStatusCode.NotFound, "deal_not_found");
        await (await client.DeleteAsync($"/api/v1/deals/{foreign}")).ExpectProblem(HttpStatusCode.NotFound, "deal_not_found");
        await (await client.GetAsync($"/api/v1/deals/{foreign}/activities")).ExpectProblem(HttpStatusCode.NotFound, "deal_not_found");
        await (await client.PostJson($"/api/v1/deals/{foreign}/activities", new { type = "comment", payload = new { text = "hi" } }))
            .ExpectProblem(HttpStatusCode.NotFound, "deal_not_found");
    }
}
