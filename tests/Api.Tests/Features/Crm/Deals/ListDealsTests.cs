using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Crm.Deals;

public sealed class ListDealsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Filters_by_status_amount_stage_and_owner_and_sorts()
    {
        var org = await factory.NewOrganizationAsync();
        var manager = await factory.AddMemberAsync(org, "manager");
        var client = org.Owner.Client;
        var contact = await client.CreateContactAsync();
        var small = await client.CreateDealIdAsync(contact, 100m);
        var middle = await client.CreateDealIdAsync(contact, 500m);
        var large = await manager.Client.CreateDealIdAsync(contact, 900m);
        await (await client.PatchJson($"/api/v1/deals/{middle}", new { status = "in_progress", stage = "proposal" })).Expect(HttpStatusCode.OK);
        await (await manager.Client.PatchJson($"/api/v1/deals/{large}", new { status = "won" })).Expect(HttpStatusCode.OK);

        var newOrWon = await (await client.GetAsync("/api/v1/deals?status=new&status=won&order_by=amount&order=asc")).Expect(HttpStatusCode.OK);
        Assert.Equal([small, large], CrmWorld.IdsOf(newOrWon));
        Assert.Equal(2, (long)newOrWon["total"]!);

        var ranged = await (await client.GetAsync("/api/v1/deals?min_amount=100&max_amount=500&order_by=amount&order=desc")).Expect(HttpStatusCode.OK);
        Assert.Equal([middle, small], CrmWorld.IdsOf(ranged));
        Assert.Equal([middle], CrmWorld.IdsOf(await (await client.GetAsync("/api/v1/deals?stage=proposal")).Expect(HttpStatusCode.OK)));
        Assert.Equal([large], CrmWorld.IdsOf(await (await client.GetAsync($"/api/v1/deals?owner_id={manager.Id}")).Expect(HttpStatusCode.OK)));
        Assert.Equal([large, middle, small], CrmWorld.IdsOf(await (await client.GetAsync("/api/v1/deals")).Expect(HttpStatusCode.OK)));
        Assert.Equal([small, middle, large], CrmWorld.IdsOf(await (await client.GetAsync("/api/v1/deals?order_by=created_at&order=asc")).Expect(HttpStatusCode.OK)));
        // small was never changed since creation; large was changed last.
        Assert.Equal([small, middle, large], CrmWorld.IdsOf(await (await client.GetAsync("/api/v1/deals?order_by=updated_at&order=asc")).Expect(HttpStatusCode.OK)));

        var paged = await (await client.GetAsync("/api/v1/deals?page=2&page_size=2")).Expect(HttpStatusCode.OK);
        Assert.Equal([small], CrmWorld.IdsOf(paged));
        Assert.Equal(3, (long)paged["total"]!);
    }

    [Fact]
    public async Task The_owner_filter_is_for_manager_and_up_but_a_member_may_filter_by_themselves()
    {
        var org = await factory.NewOrganizationAsync();
        var member = await factory.AddMemberAsync(org, "member");
        var contact = await org.Owner.Client.CreateContactAsync();
        await org.Owner.Client.CreateDealIdAsync(contact);
        var mine = await member.Client.CreateDealIdAsync(contact);

        await (await member.Client.GetAsync($"/api/v1/deals?owner_id={org.Owner.Id}")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal([mine], CrmWorld.IdsOf(await (await member.Client.GetAsync($"/api/v1/deals?owner_id={member.Id}")).Expect(HttpStatusCode.OK)));
        Assert.Equal(2, (long)(await (await member.Client.GetAsync("/api/v1/deals")).Expect(HttpStatusCode.OK))["total"]!);
    }

    [Fact]
    public async Task Another_organizations_deals_are_never_listed()
    {
        var org = await factory.NewOrganizationAsync();
        var other = await factory.NewOrganizationAsync("Other");
        await other.Owner.Client.CreateDealIdAsync(await other.Owner.Client.CreateContactAsync());
        Assert.Equal(0, (long)(await (await org.Owner.Client.GetAsync("/api/v1/deals")).Expect(HttpStatusCode.OK))["total"]!);
    }

    [Theory]
    [InlineData("status=done")]
    [InlineData("stage=won")]
    [InlineData("order_by=title")]
    [InlineData("order=up")]
    [InlineData("min_amount=-1")]
    [InlineData("min_amount=10&max_amount=5")]
    [InlineData("min_amount=abc")]
    [InlineData("page_size=101")]
    [InlineData("page=-1")]
    public async Task Bad_filters_are_400(string parameters)
    {
        var org = await factory.NewOrganizationAsync();
        await (await org.Owner.Client.GetAsync("/api/v1/deals?" + parameters)).ExpectProblem(HttpStatusCode.BadRequest);
    }
}
