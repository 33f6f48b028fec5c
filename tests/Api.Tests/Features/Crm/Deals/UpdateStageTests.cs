using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Deals;

public sealed class UpdateStageTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Winning_needs_a_positive_amount()
    {
        var org = await factory.NewOrganizationAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync(), 0m);

        await (await org.Owner.Client.PatchJson($"/api/v1/deals/{deal}", new { status = "won", stage = "closed" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "deal_amount_must_be_positive");
        await (await org.Owner.Client.PostJson("/api/v1/deals",
                new { contact_id = await org.Owner.Client.CreateContactAsync(), title = "Free", amount = 0, currency = "EUR", status = "won" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "deal_amount_must_be_positive");

        var won = await (await org.Owner.Client.PatchJson($"/api/v1/deals/{deal}", new { status = "won", stage = "closed", amount = 12.5m }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("won", (string?)won["status"]);
        await (await org.Owner.Client.PatchJson($"/api/v1/deals/{deal}", new { amount = 0 }))
            .ExpectProblem(HttpStatusCode.BadRequest, "deal_amount_must_be_positive");
    }

    [Fact]
    public async Task Status_and_stage_changes_write_activities_with_from_and_to()
    {
        var org = await factory.NewOrganizationAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());

        await (await org.Owner.Client.PatchJson($"/api/v1/deals/{deal}", new { status = "won", stage = "closed" })).Expect(HttpStatusCode.OK);

        var items = (await (await org.Owner.Client.GetAsync($"/api/v1/deals/{deal}/activities")).Expect(HttpStatusCode.OK))["items"]!.AsArray();
        var status = items.Single(i => (string?)i!["type"] == "status_changed")!;
        Assert.Equal("new", (string?)status["payload"]!["from"]);
        Assert.Equal("won", (string?)status["payload"]!["to"]);
        Assert.Equal(org.Owner.Id, (long)status["author_id"]!);
        var stage = items.Single(i => (string?)i!["type"] == "stage_changed")!;
        Assert.Equal("qualification", (string?)stage["payload"]!["from"]);
        Assert.Equal("closed", (string?)stage["payload"]!["to"]);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*)::int from audit_events where space_id = @org and action = 'deal.updated' and entity_id = @id",
            new { org = org.Id, id = deal.ToString() }));
    }

    [Fact]
    public async Task A_change_to_other_fields_writes_no_status_or_stage_activity_and_a_no_op_writes_nothing()
    {
        var org = await factory.NewOrganizationAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());
        var changed = await (await org.Owner.Client.PatchJson($"/api/v1/deals/{deal}", new { title = "New title", currency = "USD" })).Expect(HttpStatusCode.OK);
        Assert.Equal("USD", (string?)changed["currency"]);
        await (await org.Owner.Client.PatchJson($"/api/v1/deals/{deal}", new { stage = "qualification" })).Expect(HttpStatusCode.OK);

        var items = (await (await org.Owner.Client.GetAsync($"/api/v1/deals/{deal}/activities")).Expect(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Single(items);
        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*)::int from audit_events where space_id = @org and action = 'deal.updated'", new { org = org.Id }));
    }

    [Theory]
    [InlineData("member", HttpStatusCode.Forbidden)]
    [InlineData("manager", HttpStatusCode.Forbidden)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("owner", HttpStatusCode.OK)]
    public async Task Only_owner_and_admin_roll_a_stage_back(string role, HttpStatusCode expected)
    {
        var org = await factory.NewOrganizationAsync();
        var client = role == "owner" ? org.Owner.Client : (await factory.AddMemberAsync(org, role)).Client;
        var deal = await client.CreateDealIdAsync(await client.CreateContactAsync());
        await (await client.PatchJson($"/api/v1/deals/{deal}", new { stage = "negotiation" })).Expect(HttpStatusCode.OK);

        var response = await client.PatchJson($"/api/v1/deals/{deal}", new { stage = "proposal" });
        if (expected == HttpStatusCode.OK)
            Assert.Equal("proposal", (string?)(await response.Expect(HttpStatusCode.OK))["stage"]);
        else
            await response.ExpectProblem(HttpStatusCode.Forbidden, "stage_rollback_forbidden");
    }

    [Theory]
    [InlineData("{\"amount\": \"lots\"}")]
    [InlineData("{\"amount\": 1e400}")]
    [InlineData("{\"stage\": 3}")]
    [InlineData("{\"status\": \"won!\"}")]
    [InlineData("{\"title\": \"a\\u0000b\"}")]
    [InlineData("[]")]
    [InlineData("{")]
    public async Task Junk_patches_are_400_never_500(string body)
    {
        var org = await factory.NewOrganizationAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());
        await (await org.Owner.Client.SendRaw(HttpMethod.Patch, $"/api/v1/deals/{deal}", body)).ExpectProblem(HttpStatusCode.BadRequest);
    }
}
