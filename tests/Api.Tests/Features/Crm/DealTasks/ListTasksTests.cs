using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Features.Crm.DealTasks.Rules;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.DealTasks;

public sealed class ListTasksTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task The_list_filters_by_deal_openness_and_due_dates()
    {
        var org = await factory.NewOrganizationAsync();
        var client = org.Owner.Client;
        var contact = await client.CreateContactAsync();
        var first = await client.CreateDealIdAsync(contact);
        var second = await client.CreateDealIdAsync(contact);
        async Task<long> Task(long deal, string title, int? days) =>
            (long)(await (await client.PostJson("/api/v1/tasks", new { deal_id = deal, title, due_date = days is null ? null : CrmWorld.Day(days.Value) }))
                .Expect(HttpStatusCode.Created))["id"]!;
        var today = await Task(first, "today", 0);
        var later = await Task(first, "later", 10);
        var undated = await Task(second, "undated", null);
        var soon = await Task(second, "soon", 2);
        await (await client.PatchJson($"/api/v1/tasks/{soon}", new { is_done = true })).Expect(HttpStatusCode.OK);

        Assert.Equal([today, soon, later, undated], CrmWorld.IdsOf(await (await client.GetAsync("/api/v1/tasks")).Expect(HttpStatusCode.OK)));
        Assert.Equal([today, later], CrmWorld.IdsOf(await (await client.GetAsync($"/api/v1/tasks?deal_id={first}")).Expect(HttpStatusCode.OK)));
        Assert.Equal([today, later, undated], CrmWorld.IdsOf(await (await client.GetAsync("/api/v1/tasks?only_open=true")).Expect(HttpStatusCode.OK)));
        Assert.Equal([today, soon], CrmWorld.IdsOf(await (await client.GetAsync($"/api/v1/tasks?due_before={CrmWorld.Day(2)}")).Expect(HttpStatusCode.OK)));
        Assert.Equal([soon, later], CrmWorld.IdsOf(await (await client.GetAsync($"/api/v1/tasks?due_after={CrmWorld.Day(1)}")).Expect(HttpStatusCode.OK)));
        var page = await (await client.GetAsync("/api/v1/tasks?page=2&page_size=3")).Expect(HttpStatusCode.OK);
        Assert.Equal([undated], CrmWorld.IdsOf(page));
        Assert.Equal(4, (long)page["total"]!);
    }

    [Theory]
    [InlineData("due_before=tomorrow")]
    [InlineData("only_open=maybe")]
    [InlineData("deal_id=0")]
    [InlineData("page_size=500")]
    public async Task Bad_list_parameters_are_400(string parameters)
    {
        var org = await factory.NewOrganizationAsync();
        await (await org.Owner.Client.GetAsync("/api/v1/tasks?" + parameters)).ExpectProblem(HttpStatusCode.BadRequest);
    }
}
