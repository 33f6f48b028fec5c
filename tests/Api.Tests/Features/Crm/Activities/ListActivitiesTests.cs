using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Activities;

public sealed class ListActivitiesTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task The_timeline_pages_newest_first_with_a_cursor()
    {
        var org = await factory.NewOrganizationAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());
        for (var i = 1; i <= 4; i++)
            await (await org.Owner.Client.PostJson($"/api/v1/deals/{deal}/activities", new { type = "comment", payload = new { text = $"c{i}" } }))
                .Expect(HttpStatusCode.Created);

        var first = await (await org.Owner.Client.GetAsync($"/api/v1/deals/{deal}/activities?limit=3")).Expect(HttpStatusCode.OK);
        Assert.Equal(["c4", "c3", "c2"], first["items"]!.AsArray().Select(i => (string?)i!["payload"]!["text"]));
        var cursor = (string)first["next_cursor"]!;
        var second = await (await org.Owner.Client.GetAsync($"/api/v1/deals/{deal}/activities?limit=3&cursor={cursor}")).Expect(HttpStatusCode.OK);
        Assert.Equal(["c1", "deal_created"], second["items"]!.AsArray().Select(i => (string?)(i!["payload"]!["text"] ?? i["payload"]!["event"])));
        Assert.Null(second["next_cursor"]);

        await (await org.Owner.Client.GetAsync($"/api/v1/deals/{deal}/activities?limit=101")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await org.Owner.Client.GetAsync($"/api/v1/deals/{deal}/activities?cursor=abc")).ExpectProblem(HttpStatusCode.BadRequest);
    }
}
