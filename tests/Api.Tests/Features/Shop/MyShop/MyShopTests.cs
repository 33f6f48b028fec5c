using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Shop.MyShop;

public sealed class MyShopTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task My_shop_shows_each_listing_with_live_orders_paid_revenue_and_paid_donations()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var second = await factory.RegisterAndLoginAsync("Second");
        var paidOrder = (long)(await (await shop.Buyer.Client.PostJson("/api/v1/orders", new { project_ids = new[] { shop.Board, shop.Planner } }))
            .Expect(HttpStatusCode.Created))["id"]!;
        await (await second.Client.PostJson("/api/v1/orders", new { project_ids = new[] { shop.Board } })).Expect(HttpStatusCode.Created);
        await (await shop.Staff.Client.PatchJson($"/api/v1/orders/{paidOrder}", new { payment_status = "paid" })).Expect(HttpStatusCode.OK);
        var donation = (long)(await (await second.Client.PostJson("/api/v1/donations",
            new { items = new[] { new { project_id = shop.Board, amount = 3m } }, currency = "USD" })).Expect(HttpStatusCode.Created))["id"]!;
        await (await shop.Staff.Client.PatchJson($"/api/v1/donations/{donation}", new { payment_status = "paid" })).Expect(HttpStatusCode.OK);
        await (await second.Client.PostJson("/api/v1/donations",
            new { items = new[] { new { project_id = shop.Board, amount = 100m } }, currency = "EUR" })).Expect(HttpStatusCode.Created);

        var mine = await (await shop.Creator.Client.GetAsync("/api/v1/me/shop")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, (int)mine["total"]!);
        var board = mine["items"]!.AsArray().Single(p => (long)p!["project_id"]! == shop.Board)!;
        Assert.Equal(2, (long)board["orders_count"]!);
        Assert.Equal("EUR", (string?)board["revenue"]![0]!["currency"]);
        Assert.Equal(10.50m, (decimal)board["revenue"]![0]!["amount"]!);
        Assert.Equal(1, (long)board["donations_count"]!);
        Assert.Equal("USD", (string?)board["donations"]![0]!["currency"]);
        Assert.Equal(3m, (decimal)board["donations"]![0]!["amount"]!);
        var dollars = mine["items"]!.AsArray().Single(p => (long)p!["project_id"]! == shop.Dollars)!;
        Assert.Empty(dollars["revenue"]!.AsArray());
        Assert.Equal(0, (long)dollars["donations_count"]!);

        Assert.Equal(0, (int)(await (await shop.Buyer.Client.GetAsync("/api/v1/me/shop")).Expect(HttpStatusCode.OK))["total"]!);
        await (await factory.Anonymous().GetAsync("/api/v1/me/shop")).ExpectProblem(HttpStatusCode.Unauthorized);
    }
}
