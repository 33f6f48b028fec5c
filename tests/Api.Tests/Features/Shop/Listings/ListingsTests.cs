using System.Net;
using Atrium.Api.Tests.Features.Spaces;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Shop.Listings;

public sealed class ListingsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task The_owner_with_a_creator_profile_lists_changes_and_removes_a_project_with_audit_events()
    {
        var staff = await factory.StaffAsync();
        var category = await staff.CreateCategoryAsync("Tools");
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var creator = await owner.BecomeCreatorAsync();
        var project = await owner.CreateProjectAsync("Planner", "private");

        var listed = await owner.ListAsync(project, category, 19.99m, "EUR", published: false);
        Assert.Equal(creator, (long)listed["creator_id"]!);
        Assert.Equal(19.99m, (decimal)listed["price"]!);
        Assert.False((bool)listed["published"]!);
        var catalog = await (await factory.Anonymous().GetAsync($"/api/v1/shop/projects?creator_id={creator}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, (int)catalog["total"]!);

        await owner.ListAsync(project, category, 25m, "USD");
        catalog = await (await factory.Anonymous().GetAsync($"/api/v1/shop/projects?creator_id={creator}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int)catalog["total"]!);
        Assert.Equal("Planner", (string?)catalog["items"]![0]!["name"]);
        Assert.Equal("USD", (string?)catalog["items"]![0]!["currency"]);

        var page = await (await factory.Anonymous().GetAsync($"/api/v1/shop/creators/{creator}")).Expect(HttpStatusCode.OK);
        Assert.Equal(project, (long)page["projects"]![0]!["project_id"]!);
        var categoryRead = await (await factory.Anonymous().GetAsync($"/api/v1/shop/categories/{category}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (long)categoryRead["listed_projects"]!);

        await (await owner.Client.DeleteAsync($"/api/v1/projects/{project}/listing")).Expect(HttpStatusCode.NoContent);
        await (await owner.Client.DeleteAsync($"/api/v1/projects/{project}/listing")).ExpectProblem(HttpStatusCode.NotFound, "listing_not_found");
        page = await (await factory.Anonymous().GetAsync($"/api/v1/shop/creators/{creator}")).Expect(HttpStatusCode.OK);
        Assert.Empty(page["projects"]!.AsArray());

        await using var db = await factory.OpenDatabaseAsync();
        var actions = await db.QueryAsync<string>("select action from audit_events where space_id = @project and entity_type = 'listing' order by id",
            new { project });
        Assert.Equal(["listing.updated", "listing.updated", "listing.removed"], actions);
    }

    [Fact]
    public async Task Only_the_owner_with_a_profile_lists_and_strangers_do_not_learn_the_project_exists()
    {
        var staff = await factory.StaffAsync();
        var category = await staff.CreateCategoryAsync("Games");
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var project = await owner.CreateProjectAsync("Quest", "private");
        var body = new { category_id = category, price = 5, currency = "EUR", published = true };

        await (await owner.Client.PutJson($"/api/v1/projects/{project}/listing", body))
            .ExpectProblem(HttpStatusCode.Conflict, "creator_profile_required");

        var admin = await factory.RegisterAndLoginAsync("Admin");
        await admin.BecomeCreatorAsync();
        await factory.AddMemberAsync(owner, $"/api/v1/projects/{project}", admin, "admin");
        await (await admin.Client.PutJson($"/api/v1/projects/{project}/listing", body)).ExpectProblem(HttpStatusCode.Forbidden, "not_project_owner");
        await (await admin.Client.DeleteAsync($"/api/v1/projects/{project}/listing")).ExpectProblem(HttpStatusCode.Forbidden, "not_project_owner");

        var stranger = await factory.RegisterAndLoginAsync("Stranger");
        await stranger.BecomeCreatorAsync();
        await (await stranger.Client.PutJson($"/api/v1/projects/{project}/listing", body)).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
        await (await factory.Anonymous().PutJson($"/api/v1/projects/{project}/listing", body)).ExpectProblem(HttpStatusCode.Unauthorized);

        var organization = await owner.CreateOrganizationAsync();
        await owner.BecomeCreatorAsync();
        await (await owner.Client.PutJson($"/api/v1/projects/{organization}/listing", body)).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
    }

    [Fact]
    public async Task Bad_prices_currencies_and_categories_are_refused_with_their_codes()
    {
        var staff = await factory.StaffAsync();
        var category = await staff.CreateCategoryAsync("Art");
        var owner = await factory.RegisterAndLoginAsync("Owner");
        await owner.BecomeCreatorAsync();
        var project = await owner.CreateProjectAsync();
        var url = $"/api/v1/projects/{project}/listing";

        await (await owner.Client.PutJson(url, new { category_id = category, price = 0, currency = "EUR" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "price_must_be_positive");
        await (await owner.Client.PutJson(url, new { category_id = category, price = -3, currency = "EUR" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "price_must_be_positive");
        await (await owner.Client.PutJson(url, new { category_id = category, price = 1.001m, currency = "EUR" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "price_must_be_positive");
        await (await owner.Client.PutJson(url, new { category_id = category, price = 1, currency = "XYZ" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "unknown_currency");
        await (await owner.Client.PutJson(url, new { category_id = category, price = 1, currency = "eur" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "unknown_currency");
        await (await owner.Client.PutJson(url, new { category_id = 999999, price = 1, currency = "EUR" }))
            .ExpectProblem(HttpStatusCode.NotFound, "category_not_found");
        await (await owner.Client.PutJson(url, new { price = 1, currency = "EUR" })).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_category_with_listed_projects_cannot_be_deleted()
    {
        var staff = await factory.StaffAsync();
        var category = await staff.CreateCategoryAsync("Busy");
        var owner = await factory.RegisterAndLoginAsync("Owner");
        await owner.BecomeCreatorAsync();
        var project = await owner.ListNewProjectAsync(category, 10m);

        await (await staff.Client.DeleteAsync($"/api/v1/shop/categories/{category}")).ExpectProblem(HttpStatusCode.Conflict, "category_has_projects");
        await (await owner.Client.DeleteAsync($"/api/v1/projects/{project}/listing")).Expect(HttpStatusCode.NoContent);
        await (await staff.Client.DeleteAsync($"/api/v1/shop/categories/{category}")).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Deleting_the_creator_profile_takes_the_projects_off_sale()
    {
        var staff = await factory.StaffAsync();
        var category = await staff.CreateCategoryAsync("Gone");
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var creator = await owner.BecomeCreatorAsync();
        await owner.ListNewProjectAsync(category, 10m);

        await (await owner.Client.DeleteAsync("/api/v1/shop/creators/me")).Expect(HttpStatusCode.NoContent);
        var catalog = await (await factory.Anonymous().GetAsync($"/api/v1/shop/projects?category_id={category}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, (int)catalog["total"]!);
        await (await factory.Anonymous().GetAsync($"/api/v1/shop/creators/{creator}")).ExpectProblem(HttpStatusCode.NotFound, "creator_not_found");
    }

    [Fact]
    public async Task A_deleted_project_leaves_the_shop_and_its_orders_keep_their_items()
    {
        var staff = await factory.StaffAsync();
        var category = await staff.CreateCategoryAsync("Deleted");
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var creator = await owner.BecomeCreatorAsync();
        var project = await owner.ListNewProjectAsync(category, 12m, name: "Short lived");
        var buyer = await factory.RegisterAndLoginAsync("Buyer");
        var order = (long)(await (await buyer.Client.PostJson("/api/v1/orders", new { project_ids = new[] { project } })).Expect(HttpStatusCode.Created))["id"]!;

        await (await owner.Client.DeleteAsync($"/api/v1/projects/{project}")).Expect(HttpStatusCode.NoContent);

        var catalog = await (await factory.Anonymous().GetAsync($"/api/v1/shop/projects?creator_id={creator}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, (int)catalog["total"]!);
        await (await buyer.Client.PostJson("/api/v1/orders", new { project_ids = new[] { project } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "project_not_available");
        var kept = await (await buyer.Client.GetAsync($"/api/v1/orders/{order}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Short lived", (string?)kept["items"]![0]!["project_name"]);
        Assert.Equal(12m, (decimal)kept["total"]!);
    }

    [Fact]
    public async Task A_project_that_changes_hands_leaves_the_shop_until_its_new_owner_lists_it()
    {
        var staff = await factory.StaffAsync();
        var category = await staff.CreateCategoryAsync("Handed over");
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var creator = await owner.BecomeCreatorAsync();
        var project = await owner.ListNewProjectAsync(category, 30m, name: "Handed over");
        var heir = await factory.RegisterAndLoginAsync("Heir");
        await factory.AddMemberAsync(owner, $"/api/v1/projects/{project}", heir, "admin");
        var buyer = await factory.RegisterAndLoginAsync("Buyer");
        var order = (long)(await (await buyer.Client.PostJson("/api/v1/orders", new { project_ids = new[] { project } })).Expect(HttpStatusCode.Created))["id"]!;

        await (await owner.Client.PostJson($"/api/v1/projects/{project}/transfer-ownership", new { user_id = heir.Id })).Expect(HttpStatusCode.OK);

        // Nothing is sold in the previous owner's name any more.
        var catalog = await (await factory.Anonymous().GetAsync($"/api/v1/shop/projects?creator_id={creator}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, (int)catalog["total"]!);
        var page = await (await factory.Anonymous().GetAsync($"/api/v1/shop/creators/{creator}")).Expect(HttpStatusCode.OK);
        Assert.Empty(page["projects"]!.AsArray());
        await (await buyer.Client.PostJson("/api/v1/orders", new { project_ids = new[] { project } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "project_not_available");
        await (await heir.Client.DeleteAsync($"/api/v1/projects/{project}/listing")).ExpectProblem(HttpStatusCode.NotFound, "listing_not_found");
        var kept = await (await buyer.Client.GetAsync($"/api/v1/orders/{order}")).Expect(HttpStatusCode.OK);
        Assert.Equal(30m, (decimal)kept["total"]!);

        // The new owner sells it under their own profile.
        var heirCreator = await heir.BecomeCreatorAsync();
        var listed = await heir.ListAsync(project, category, 35m, "EUR");
        Assert.Equal(heirCreator, (long)listed["creator_id"]!);
        catalog = await (await factory.Anonymous().GetAsync($"/api/v1/shop/projects?creator_id={heirCreator}")).Expect(HttpStatusCode.OK);
        Assert.Equal(project, (long)catalog["items"]![0]!["project_id"]!);
    }
}
