using System.Net;
using Atrium.Api.Infrastructure;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Shop;

/// <summary>Brief 003 walked through once: sign-up, staff, categories, creators, listings, orders, donations, archive, my projects, logout.</summary>
public sealed class Brief003EndToEndTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static string[] Actions(System.Text.Json.Nodes.JsonNode node) => node["allowed_actions"]!.AsArray().Select(a => (string)a!).ToArray();

    [Fact]
    public async Task The_professional_platform_brief_end_to_end()
    {
        // Auth block: register and log in; the first staff member is made by the operators' command.
        var admin = await factory.RegisterAndLoginAsync("Platform Admin");
        Assert.Equal(0, await Commands.PromoteStaffAsync(factory.Services, admin.Email));
        Assert.Contains("users.manage", await admin.PlatformPermissionsAsync());

        // Staff manage categories.
        var category = await admin.CreateCategoryAsync("Web apps");

        // A creator (1:1 with the user) lists a project they own.
        var maker = await factory.RegisterAndLoginAsync("Maker");
        var creator = await maker.BecomeCreatorAsync("Maker Studio");
        var project = await maker.ListNewProjectAsync(category, 49.90m, "EUR", "Task board");
        var second = await maker.ListNewProjectAsync(category, 10m, "EUR", "Chat widget");

        // A visitor browses the shop without an account.
        var catalog = await (await factory.Anonymous().GetAsync($"/api/v1/shop/projects?category_id={category}&sort=price")).Expect(HttpStatusCode.OK);
        Assert.Equal([second, project], catalog["items"]!.AsArray().Select(i => (long)i!["project_id"]!));
        var page = await (await factory.Anonymous().GetAsync($"/api/v1/shop/creators/{creator}")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, page["projects"]!.AsArray().Count);

        // The order list needs a login.
        await (await factory.Anonymous().GetAsync("/api/v1/orders")).ExpectProblem(HttpStatusCode.Unauthorized);

        // A customer orders both projects; the total is the sum of the prices; payment details are created with it.
        var customer = await factory.RegisterAndLoginAsync("Customer");
        var order = await (await customer.Client.PostJson("/api/v1/orders", new { project_ids = new[] { project, second } })).Expect(HttpStatusCode.Created);
        var orderId = (long)order["id"]!;
        Assert.Equal(59.90m, (decimal)order["total"]!);
        Assert.Equal(["view"], Actions(order));

        // Details (payment) for staff only; staff change the order and its payment together.
        Assert.Null((await (await customer.Client.GetAsync($"/api/v1/orders/{orderId}")).Expect(HttpStatusCode.OK))["payment"]);
        var paid = await (await admin.Client.PatchJson($"/api/v1/orders/{orderId}", new { payment_status = "paid", payment_provider = "stripe" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("paid", (string?)paid["payment"]!["status"]);

        // A donation to one project.
        var donation = await (await customer.Client.PostJson("/api/v1/donations",
            new { items = new[] { new { project_id = project, amount = 5m } }, currency = "EUR", message = "Great work" })).Expect(HttpStatusCode.Created);
        await (await admin.Client.PatchJson($"/api/v1/donations/{(long)donation["id"]!}", new { payment_status = "paid" })).Expect(HttpStatusCode.OK);

        // My projects: the creator sees orders, revenue and donations of each listing.
        var mine = await (await maker.Client.GetAsync("/api/v1/me/shop")).Expect(HttpStatusCode.OK);
        var board = mine["items"]!.AsArray().Single(i => (long)i!["project_id"]! == project)!;
        Assert.Equal(1, (long)board["orders_count"]!);
        Assert.Equal(49.90m, (decimal)board["revenue"]![0]!["amount"]!);
        Assert.Equal(5m, (decimal)board["donations"]![0]!["amount"]!);

        // The archive button: only with delete_order (orders.delete), granted by a holder of users.manage.
        var manager = await factory.RegisterAndLoginAsync("Order Manager");
        await admin.GrantAsync(manager, "orders.view_all");
        var seen = await (await manager.Client.GetAsync($"/api/v1/orders/{orderId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(["view"], Actions(seen));
        await (await manager.Client.PostAsync($"/api/v1/orders/{orderId}/archive", null)).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await admin.GrantAsync(manager, "orders.delete");
        Assert.Equal(["view", "archive"], Actions(await (await manager.Client.GetAsync($"/api/v1/orders/{orderId}")).Expect(HttpStatusCode.OK)));
        await (await manager.Client.PostAsync($"/api/v1/orders/{orderId}/archive", null)).Expect(HttpStatusCode.OK);
        Assert.Equal(0, (int)(await (await customer.Client.GetAsync("/api/v1/orders")).Expect(HttpStatusCode.OK))["total"]!);

        // Log out: the session ends at once.
        await (await customer.Client.PostAsync("/api/v1/auth/logout", null)).Expect(HttpStatusCode.NoContent);
        await (await customer.Client.GetAsync("/api/v1/orders")).ExpectProblem(HttpStatusCode.Unauthorized);
    }
}
