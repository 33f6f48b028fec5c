using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Deals;

public sealed class CreateDealTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
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
