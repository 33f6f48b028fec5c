using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Deals;

public sealed class DealsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Create_returns_201_with_defaults_a_system_activity_and_an_audit_event()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await org.Owner.Client.CreateContactAsync();
        var deal = await org.Owner.Client.CreateDealAsync(contact, 10000.0m);

        Assert.Equal("new", (string?)deal["status"]);
        Assert.Equal("qualification", (string?)deal["stage"]);
        Assert.Equal(10000m, (decimal)deal["amount"]!);
        Assert.Equal("EUR", (string?)deal["currency"]);
        Assert.Equal(org.Owner.Id, (long)deal["owner_id"]!);
        var id = (long)deal["id"]!;

        var read = await (await org.Owner.Client.GetAsync($"/api/v1/deals/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Website redesign", (string?)read["title"]);
        var timeline = await (await org.Owner.Client.GetAsync($"/api/v1/deals/{id}/activities")).Expect(HttpStatusCode.OK);
        Assert.Equal("system", (string?)timeline["items"]![0]!["type"]);
        Assert.Equal("deal_created", (string?)timeline["items"]![0]!["payload"]!["event"]);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*)::int from audit_events where space_id = @org and action = 'deal.created' and entity_id = @id",
            new { org = org.Id, id = id.ToString() }));
    }

    [Fact]
    public async Task A_contact_of_another_organization_is_not_found_when_creating_or_moving_a_deal()
    {
        var org = await factory.NewOrganizationAsync();
        var other = await factory.NewOrganizationAsync("Other");
        var foreignContact = await other.Owner.Client.CreateContactAsync();

        await (await org.Owner.Client.PostJson("/api/v1/deals", new { contact_id = foreignContact, title = "X", amount = 1, currency = "USD" }))
            .ExpectProblem(HttpStatusCode.NotFound, "contact_not_found");

        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());
        await (await org.Owner.Client.PatchJson($"/api/v1/deals/{deal}", new { contact_id = foreignContact }))
            .ExpectProblem(HttpStatusCode.NotFound, "contact_not_found");
    }

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

    [Fact]
    public async Task A_member_changes_and_deletes_only_their_own_deals_and_a_manager_any()
    {
        var org = await factory.NewOrganizationAsync();
        var member = await factory.AddMemberAsync(org, "member");
        var manager = await factory.AddMemberAsync(org, "manager");
        var contact = await org.Owner.Client.CreateContactAsync();
        var ownersDeal = await org.Owner.Client.CreateDealIdAsync(contact);
        var membersDeal = await member.Client.CreateDealIdAsync(contact);

        var problem = await (await member.Client.PatchJson($"/api/v1/deals/{ownersDeal}", new { stage = "proposal" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal("deals.manage_all", (string?)problem["permission"]);
        await (await member.Client.DeleteAsync($"/api/v1/deals/{ownersDeal}")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await member.Client.PatchJson($"/api/v1/deals/{membersDeal}", new { stage = "proposal" })).Expect(HttpStatusCode.OK);
        await (await member.Client.PatchJson($"/api/v1/deals/{membersDeal}", new { owner_id = org.Owner.Id }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");

        await (await manager.Client.PatchJson($"/api/v1/deals/{ownersDeal}", new { status = "in_progress" })).Expect(HttpStatusCode.OK);
        var handed = await (await manager.Client.PatchJson($"/api/v1/deals/{membersDeal}", new { owner_id = manager.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal(manager.Id, (long)handed["owner_id"]!);
        await (await manager.Client.DeleteAsync($"/api/v1/deals/{ownersDeal}")).Expect(HttpStatusCode.NoContent);
        await (await org.Owner.Client.GetAsync($"/api/v1/deals/{ownersDeal}")).ExpectProblem(HttpStatusCode.NotFound, "deal_not_found");

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*)::int from audit_events where space_id = @org and action = 'deal.deleted'", new { org = org.Id }));
    }

    [Fact]
    public async Task Deleting_the_last_deal_frees_the_contact_for_deletion()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await org.Owner.Client.CreateContactAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(contact);
        await (await org.Owner.Client.DeleteAsync($"/api/v1/contacts/{contact}")).ExpectProblem(HttpStatusCode.Conflict, "contact_has_deals");
        await (await org.Owner.Client.DeleteAsync($"/api/v1/deals/{deal}")).Expect(HttpStatusCode.NoContent);
        await (await org.Owner.Client.DeleteAsync($"/api/v1/contacts/{contact}")).Expect(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("{\"contact_id\": 1, \"title\": \"T\", \"amount\": 1, \"currency\": \"eur\"}", "currency")]
    [InlineData("{\"contact_id\": 1, \"title\": \"T\", \"amount\": 1, \"currency\": \"EURO\"}", "currency")]
    [InlineData("{\"contact_id\": 1, \"title\": \"T\", \"amount\": -1, \"currency\": \"EUR\"}", "amount")]
    [InlineData("{\"contact_id\": 1, \"title\": \"T\", \"amount\": 1.001, \"currency\": \"EUR\"}", "amount")]
    [InlineData("{\"contact_id\": 1, \"title\": \"T\", \"amount\": 1e15, \"currency\": \"EUR\"}", "amount")]
    [InlineData("{\"contact_id\": 1, \"title\": \"\", \"amount\": 1, \"currency\": \"EUR\"}", "title")]
    [InlineData("{\"contact_id\": 1, \"title\": \"T\", \"currency\": \"EUR\", \"status\": \"done\"}", "status")]
    [InlineData("{\"contact_id\": 1, \"title\": \"T\", \"currency\": \"EUR\", \"stage\": \"won\"}", "stage")]
    [InlineData("{\"title\": \"T\", \"currency\": \"EUR\"}", "contact_id")]
    public async Task Invalid_deals_are_400_naming_the_field(string body, string field)
    {
        var org = await factory.NewOrganizationAsync();
        var problem = await (await org.Owner.Client.SendRaw(HttpMethod.Post, "/api/v1/deals", body)).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotNull(problem["errors"]![field]);
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

    [Fact]
    public async Task The_database_refuses_a_negative_amount_a_bad_currency_and_a_won_deal_without_amount()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await org.Owner.Client.CreateContactAsync();
        await using var db = await factory.OpenDatabaseAsync();
        foreach (var (amount, currency, status) in new[] { (-1m, "EUR", "new"), (1m, "eur", "new"), (0m, "EUR", "won") })
        {
            var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.ExecuteAsync("""
                insert into crm_deals (organization_id, contact_id, owner_id, title, amount, currency, status)
                values (@org, @contact, @owner, 'T', @amount, @currency, @status)
                """, new { org = org.Id, contact, owner = org.Owner.Id, amount, currency, status }));
            Assert.Equal("23514", e.SqlState);
        }
    }
}
