using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Features.Crm.DealTasks.Rules;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.DealTasks;

public sealed class DeleteTaskTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Another_organizations_deal_or_task_is_not_found()
    {
        var org = await factory.NewOrganizationAsync();
        var other = await factory.NewOrganizationAsync("Other");
        var foreignDeal = await other.Owner.Client.CreateDealIdAsync(await other.Owner.Client.CreateContactAsync());
        var foreignTask = (long)(await (await other.Owner.Client.PostJson("/api/v1/tasks", new { deal_id = foreignDeal, title = "Theirs" }))
            .Expect(HttpStatusCode.Created))["id"]!;
        var client = org.Owner.Client;

        await (await client.PostJson("/api/v1/tasks", new { deal_id = foreignDeal, title = "X" })).ExpectProblem(HttpStatusCode.NotFound, "deal_not_found");
        await (await client.GetAsync($"/api/v1/tasks?deal_id={foreignDeal}")).ExpectProblem(HttpStatusCode.NotFound, "deal_not_found");
        await (await client.PatchJson($"/api/v1/tasks/{foreignTask}", new { is_done = true })).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await client.DeleteAsync($"/api/v1/tasks/{foreignTask}")).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        Assert.Equal(0, (long)(await (await client.GetAsync("/api/v1/tasks")).Expect(HttpStatusCode.OK))["total"]!);
    }
}
