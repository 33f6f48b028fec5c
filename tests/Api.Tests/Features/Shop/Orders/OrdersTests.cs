using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Shop.Orders;

public sealed class OrdersTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static string[] Actions(JsonNode order) => order["allowed_actions"]!.AsArray().Select(a => (string)a!).ToArray();

    private static async Task<JsonNode> OrderAsync(TestUser buyer, params long[] projects) =>
        await (await buyer.Client.PostJson("/api/v1/orders", new { project_ids = projects })).Expect(HttpStatusCode.Created);

    [Fact]
    public async Task An_order_keeps_its_items_at_the_listed_price_with_a_pending_payment_and_a_total_summed_by_sql()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var order = await OrderAsync(shop.Buyer, shop.Board, shop.Planner);
        var id = (long)order["id"]!;

        Assert.Equal(30.75m, (decimal)order["total"]!);
        Assert.Equal("EUR", (string?)order["currency"]);
        Assert.Equal("pending", (string?)order["payment_status"]);
        Assert.Null(order["payment"]);
        Assert.Equal(["Board", "Planner"], order["items"]!.AsArray().Select(i => (string)i!["project_name"]!));
        Assert.Equal(shop.CreatorId, (long)order["items"]![0]!["creator_id"]!);

        await shop.Creator.ListAsync(shop.Board, shop.Category, 99m);
        var read = await (await shop.Buyer.Client.GetAsync($"/api/v1/orders/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(30.75m, (decimal)read["total"]!);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>("select count(*)::int from shop_order_payments where order_id = @id and status = 'pending'", new { id }));
        Assert.Equal(30.75m, await db.QuerySingleAsync<decimal>("select sum(price) from shop_order_items where order_id = @id", new { id }));
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*)::int from platform_audit_events where action = 'order.created' and entity_id = @id", new { id = id.ToString() }));
    }

    [Fact]
    public async Task Bad_orders_are_400_with_codes_that_name_the_projects()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var hidden = await shop.Creator.ListNewProjectAsync(shop.Category, 3m, name: "Draft", published: false);
        var buyer = shop.Buyer.Client;

        var missing = await (await buyer.PostJson("/api/v1/orders", new { project_ids = new[] { shop.Board, 987654321L } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "project_not_available");
        Assert.Equal([987654321L], missing["project_ids"]!.AsArray().Select(p => (long)p!));
        await (await buyer.PostJson("/api/v1/orders", new { project_ids = new[] { hidden } })).ExpectProblem(HttpStatusCode.BadRequest, "project_not_available");
        var twice = await (await buyer.PostJson("/api/v1/orders", new { project_ids = new[] { shop.Board, shop.Board } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "duplicate_project");
        Assert.Equal([shop.Board], twice["project_ids"]!.AsArray().Select(p => (long)p!));
        await (await buyer.PostJson("/api/v1/orders", new { project_ids = new[] { shop.Board, shop.Dollars } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "mixed_currencies");
        await (await shop.Creator.Client.PostJson("/api/v1/orders", new { project_ids = new[] { shop.Board } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "own_project");
        await (await buyer.PostJson("/api/v1/orders", new { project_ids = Array.Empty<long>() })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await buyer.PostJson("/api/v1/orders", new { project_ids = new[] { 0L } })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await factory.Anonymous().PostJson("/api/v1/orders", new { project_ids = new[] { shop.Board } })).ExpectProblem(HttpStatusCode.Unauthorized);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from shop_orders where buyer_id = @id", new { id = shop.Buyer.Id }));
    }

    [Fact]
    public async Task The_buyer_sees_their_orders_without_payment_internals_staff_see_the_details_and_others_see_nothing()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var id = (long)(await OrderAsync(shop.Buyer, shop.Board))["id"]!;
        var stranger = await factory.RegisterAndLoginAsync("Stranger");

        var mine = await (await shop.Buyer.Client.GetAsync("/api/v1/orders")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int)mine["total"]!);
        Assert.Equal(["view"], Actions(mine["items"]![0]!));
        await (await stranger.Client.GetAsync($"/api/v1/orders/{id}")).ExpectProblem(HttpStatusCode.NotFound, "order_not_found");
        Assert.Equal(0, (int)(await (await stranger.Client.GetAsync("/api/v1/orders")).Expect(HttpStatusCode.OK))["total"]!);
        await (await stranger.Client.GetAsync("/api/v1/orders?scope=all")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await stranger.Client.GetAsync($"/api/v1/orders?buyer_id={shop.Buyer.Id}")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await factory.Anonymous().GetAsync("/api/v1/orders")).ExpectProblem(HttpStatusCode.Unauthorized);

        var staffView = await (await shop.Staff.Client.GetAsync($"/api/v1/orders/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("pending", (string?)staffView["payment"]!["status"]);
        Assert.Equal(["view", "update", "archive"], Actions(staffView));
        var all = await (await shop.Staff.Client.GetAsync($"/api/v1/orders?buyer_id={shop.Buyer.Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(id, (long)all["items"]![0]!["id"]!);
        Assert.NotNull(all["items"]![0]!["payment"]);
    }

    [Fact]
    public async Task Orders_view_all_granted_shows_every_order_without_payment_details_and_revoked_hides_them()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var id = (long)(await OrderAsync(shop.Buyer, shop.Board))["id"]!;
        var auditor = await factory.RegisterAndLoginAsync("Auditor");

        await shop.Staff.GrantAsync(auditor, "orders.view_all");
        var all = await (await auditor.Client.GetAsync("/api/v1/orders")).Expect(HttpStatusCode.OK);
        Assert.Contains(all["items"]!.AsArray(), o => (long)o!["id"]! == id);
        var one = await (await auditor.Client.GetAsync($"/api/v1/orders/{id}")).Expect(HttpStatusCode.OK);
        Assert.Null(one["payment"]);
        Assert.Equal(["view"], Actions(one));
        await (await auditor.Client.PatchJson($"/api/v1/orders/{id}", new { payment_status = "paid" })).ExpectProblem(HttpStatusCode.Forbidden, "staff_only");

        await shop.Staff.RevokeAsync(auditor, "orders.view_all");
        await (await auditor.Client.GetAsync($"/api/v1/orders/{id}")).ExpectProblem(HttpStatusCode.NotFound, "order_not_found");
        Assert.Equal(0, (int)(await (await auditor.Client.GetAsync("/api/v1/orders")).Expect(HttpStatusCode.OK))["total"]!);
    }

    [Fact]
    public async Task Staff_change_the_order_and_its_payment_together_along_the_allowed_moves()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var id = (long)(await OrderAsync(shop.Buyer, shop.Board))["id"]!;
        var url = $"/api/v1/orders/{id}";

        await (await shop.Buyer.Client.PatchJson(url, new { payment_status = "paid" })).ExpectProblem(HttpStatusCode.Forbidden, "staff_only");
        var paid = await (await shop.Staff.Client.PatchJson(url,
            new { note = "Gift wrap", payment_status = "paid", payment_provider = "stripe", payment_reference = "pi_123" })).Expect(HttpStatusCode.OK);
        Assert.Equal("Gift wrap", (string?)paid["note"]);
        Assert.Equal("paid", (string?)paid["payment"]!["status"]);
        Assert.Equal("stripe", (string?)paid["payment"]!["provider"]);
        Assert.NotNull((string?)paid["payment"]!["paid_at"]);

        await (await shop.Staff.Client.PatchJson(url, new { payment_status = "pending" }))
            .ExpectProblem(HttpStatusCode.Conflict, "invalid_payment_transition");
        await (await shop.Staff.Client.PatchJson(url, new { payment_status = "lost" })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        var refunded = await (await shop.Staff.Client.PatchJson(url, new { payment_status = "refunded" })).Expect(HttpStatusCode.OK);
        Assert.Equal("refunded", (string?)refunded["payment_status"]);
        await (await shop.Staff.Client.PatchJson(url, new { payment_status = "paid" })).ExpectProblem(HttpStatusCode.Conflict, "invalid_payment_transition");

        var buyerView = await (await shop.Buyer.Client.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal("refunded", (string?)buyerView["payment_status"]);
        Assert.Null(buyerView["payment"]);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(2, await db.QuerySingleAsync<int>(
            "select count(*)::int from platform_audit_events where action = 'order.updated' and entity_id = @id", new { id = id.ToString() }));
    }

    [Fact]
    public async Task Archiving_needs_orders_delete_and_an_archived_order_leaves_lists_and_no_longer_changes()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var id = (long)(await OrderAsync(shop.Buyer, shop.Board))["id"]!;
        var url = $"/api/v1/orders/{id}";

        await (await shop.Buyer.Client.PostAsync($"{url}/archive", null)).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await shop.Staff.GrantAsync(shop.Buyer, "orders.delete");
        Assert.Equal(["view", "archive"], Actions(await (await shop.Buyer.Client.GetAsync(url)).Expect(HttpStatusCode.OK)));
        await shop.Staff.RevokeAsync(shop.Buyer, "orders.delete");
        Assert.Equal(["view"], Actions(await (await shop.Buyer.Client.GetAsync(url)).Expect(HttpStatusCode.OK)));

        var archived = await (await shop.Staff.Client.PostAsync($"{url}/archive", null)).Expect(HttpStatusCode.OK);
        Assert.NotNull((string?)archived["archived_at"]);
        Assert.Equal(["view"], Actions(archived));
        await (await shop.Staff.Client.PostAsync($"{url}/archive", null)).ExpectProblem(HttpStatusCode.Conflict, "order_archived");
        await (await shop.Staff.Client.PatchJson(url, new { note = "late" })).ExpectProblem(HttpStatusCode.Conflict, "order_archived");
        Assert.Equal(0, (int)(await (await shop.Buyer.Client.GetAsync("/api/v1/orders")).Expect(HttpStatusCode.OK))["total"]!);
        Assert.DoesNotContain((await (await shop.Staff.Client.GetAsync("/api/v1/orders?page_size=100")).Expect(HttpStatusCode.OK))["items"]!.AsArray(),
            o => (long)o!["id"]! == id);
        await (await shop.Staff.Client.GetAsync(url)).Expect(HttpStatusCode.OK);
        await (await shop.Staff.Client.PostAsync("/api/v1/orders/999999999/archive", null)).ExpectProblem(HttpStatusCode.NotFound, "order_not_found");
    }

    [Fact]
    public async Task Popularity_counts_live_orders_exactly_and_sorts_the_catalog()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var second = await factory.RegisterAndLoginAsync("Second buyer");
        await OrderAsync(shop.Buyer, shop.Planner, shop.Board);
        await OrderAsync(second, shop.Planner);
        var third = (long)(await OrderAsync(second, shop.Board))["id"]!;
        await (await shop.Staff.Client.PostAsync($"/api/v1/orders/{third}/archive", null)).Expect(HttpStatusCode.OK);

        var page = await (await factory.Anonymous().GetAsync($"/api/v1/shop/projects?category_id={shop.Category}&sort=popularity")).Expect(HttpStatusCode.OK);
        Assert.Equal([shop.Planner, shop.Board], page["items"]!.AsArray().Take(2).Select(i => (long)i!["project_id"]!));
        Assert.Equal([2L, 1L], page["items"]!.AsArray().Take(2).Select(i => (long)i!["orders_count"]!));

        await (await shop.Creator.Client.DeleteAsync($"/api/v1/projects/{shop.Planner}/listing")).Expect(HttpStatusCode.NoContent);
        await shop.Creator.ListAsync(shop.Planner, shop.Category, 20.25m);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(0, await db.QuerySingleAsync<int>("""
            select count(*)::int from shop_listings l
            where l.orders_count <> (select count(*) from shop_order_items i join shop_orders o on o.id = i.order_id
                                     where i.project_id = l.project_id and o.archived_at is null)
            """));
    }
}
