using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Shop.Donations;

public sealed class DonationsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static string[] Actions(JsonNode donation) => donation["allowed_actions"]!.AsArray().Select(a => (string)a!).ToArray();

    private static object Body(ShopScene shop, decimal board = 5m, decimal planner = 2.5m) => new
    {
        items = new[] { new { project_id = shop.Board, amount = board }, new { project_id = shop.Planner, amount = planner } },
        currency = "EUR",
        message = "Keep going",
    };

    private static async Task<JsonNode> DonateAsync(TestUser donor, object body) =>
        await (await donor.Client.PostJson("/api/v1/donations", body)).Expect(HttpStatusCode.Created);

    [Fact]
    public async Task A_donation_keeps_an_amount_per_project_with_a_pending_payment_and_a_total_summed_by_sql()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var donation = await DonateAsync(shop.Buyer, Body(shop));
        var id = (long)donation["id"]!;

        Assert.Equal(7.5m, (decimal)donation["total"]!);
        Assert.Equal("pending", (string?)donation["payment_status"]);
        Assert.Null(donation["payment"]);
        Assert.Equal(["view"], Actions(donation));
        Assert.Equal([5m, 2.5m], donation["items"]!.AsArray().Select(i => (decimal)i!["amount"]!));

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(7.5m, await db.QuerySingleAsync<decimal>("select sum(amount) from shop_donation_items where donation_id = @id", new { id }));
        Assert.Equal(1, await db.QuerySingleAsync<int>("select count(*)::int from shop_donation_payments where donation_id = @id", new { id }));
    }

    [Fact]
    public async Task Bad_donations_are_400_with_their_codes()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var donor = shop.Buyer.Client;
        await (await donor.PostJson("/api/v1/donations", Body(shop, board: 0m))).ExpectProblem(HttpStatusCode.BadRequest, "donation_amount_must_be_positive");
        await (await donor.PostJson("/api/v1/donations", Body(shop, planner: -1m))).ExpectProblem(HttpStatusCode.BadRequest, "donation_amount_must_be_positive");
        await (await donor.PostJson("/api/v1/donations", new { items = new[] { new { project_id = shop.Board, amount = 1 } }, currency = "ZZZ" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "unknown_currency");
        await (await donor.PostJson("/api/v1/donations", new { items = new[] { new { project_id = 987654321L, amount = 1 } }, currency = "EUR" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "project_not_available");
        await (await donor.PostJson("/api/v1/donations",
                new { items = new[] { new { project_id = shop.Board, amount = 1 }, new { project_id = shop.Board, amount = 2 } }, currency = "EUR" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "duplicate_project");
        await (await shop.Creator.Client.PostJson("/api/v1/donations", Body(shop))).ExpectProblem(HttpStatusCode.BadRequest, "own_project");
        await (await donor.PostJson("/api/v1/donations", new { items = Array.Empty<object>(), currency = "EUR" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await factory.Anonymous().PostJson("/api/v1/donations", Body(shop))).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Lists_details_changes_and_archive_follow_the_donation_permissions()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var id = (long)(await DonateAsync(shop.Buyer, Body(shop)))["id"]!;
        var url = $"/api/v1/donations/{id}";
        var helper = await factory.RegisterAndLoginAsync("Helper");

        Assert.Equal(1, (int)(await (await shop.Buyer.Client.GetAsync("/api/v1/donations")).Expect(HttpStatusCode.OK))["total"]!);
        await (await helper.Client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound, "donation_not_found");
        await (await helper.Client.GetAsync("/api/v1/donations?scope=all")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await factory.Anonymous().GetAsync("/api/v1/donations")).ExpectProblem(HttpStatusCode.Unauthorized);

        await shop.Staff.GrantAsync(helper, "donations.view_all");
        var seen = await (await helper.Client.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Null(seen["payment"]);
        Assert.Equal(["view"], Actions(seen));
        await shop.Staff.GrantAsync(helper, "donations.delete");
        Assert.Equal(["view", "archive"], Actions(await (await helper.Client.GetAsync(url)).Expect(HttpStatusCode.OK)));
        await shop.Staff.RevokeAsync(helper, "donations.delete");
        await (await helper.Client.PostAsync($"{url}/archive", null)).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await helper.Client.PatchJson(url, new { payment_status = "paid" })).ExpectProblem(HttpStatusCode.Forbidden, "staff_only");

        var staffView = await (await shop.Staff.Client.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal("pending", (string?)staffView["payment"]!["status"]);
        Assert.Equal(["view", "update", "archive"], Actions(staffView));
        var paid = await (await shop.Staff.Client.PatchJson(url, new { message = "Thanks", payment_status = "paid", payment_reference = "ch_1" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("paid", (string?)paid["payment"]!["status"]);
        Assert.Equal("Thanks", (string?)paid["message"]);
        await (await shop.Staff.Client.PatchJson(url, new { payment_status = "failed" })).ExpectProblem(HttpStatusCode.Conflict, "invalid_payment_transition");

        await (await shop.Staff.Client.PostAsync($"{url}/archive", null)).Expect(HttpStatusCode.OK);
        await (await shop.Staff.Client.PostAsync($"{url}/archive", null)).ExpectProblem(HttpStatusCode.Conflict, "donation_archived");
        await (await shop.Staff.Client.PatchJson(url, new { message = "late" })).ExpectProblem(HttpStatusCode.Conflict, "donation_archived");
        Assert.Equal(0, (int)(await (await shop.Buyer.Client.GetAsync("/api/v1/donations")).Expect(HttpStatusCode.OK))["total"]!);
        await shop.Staff.RevokeAsync(helper, "donations.view_all");
        await (await helper.Client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound, "donation_not_found");
    }

    [Fact]
    public async Task Idempotency_key_replays_a_donation_and_refuses_another_body()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        HttpRequestMessage Post(object body) => new(HttpMethod.Post, "/api/v1/donations")
        {
            Content = JsonContent.Create(body, options: Http.Json),
            Headers = { { "Idempotency-Key", "donation-1" } },
        };
        var first = await (await shop.Buyer.Client.SendAsync(Post(Body(shop)))).Expect(HttpStatusCode.Created);
        var again = await shop.Buyer.Client.SendAsync(Post(Body(shop)));
        Assert.Equal(first.ToJsonString(), (await again.Expect(HttpStatusCode.Created)).ToJsonString());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        await (await shop.Buyer.Client.SendAsync(Post(Body(shop, board: 6m)))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>("select count(*)::int from shop_donations where donor_id = @id", new { id = shop.Buyer.Id }));
    }
}
