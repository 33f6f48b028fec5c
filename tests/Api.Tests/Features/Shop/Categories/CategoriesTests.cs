using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Shop.Categories;

public sealed class CategoriesTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Staff_create_change_and_delete_a_category_that_anyone_reads_with_platform_audit_events()
    {
        var staff = await factory.StaffAsync();
        var created = await (await staff.Client.PostJson("/api/v1/shop/categories", new { name = "  Games  ", description = "Play" }))
            .Expect(HttpStatusCode.Created);
        var id = (long)created["id"]!;
        Assert.Equal("Games", (string?)created["name"]);

        var anonymous = factory.Anonymous();
        var read = await (await anonymous.GetAsync($"/api/v1/shop/categories/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Play", (string?)read["description"]);
        var list = await (await anonymous.GetAsync("/api/v1/shop/categories?page_size=100")).Expect(HttpStatusCode.OK);
        Assert.Contains(list["items"]!.AsArray(), c => (long)c!["id"]! == id);

        var changed = await (await staff.Client.PatchJson($"/api/v1/shop/categories/{id}", new { name = "Video games", description = "" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Video games", (string?)changed["name"]);
        Assert.Null((string?)changed["description"]);

        await (await staff.Client.DeleteAsync($"/api/v1/shop/categories/{id}")).Expect(HttpStatusCode.NoContent);
        await (await anonymous.GetAsync($"/api/v1/shop/categories/{id}")).ExpectProblem(HttpStatusCode.NotFound, "category_not_found");

        await using var db = await factory.OpenDatabaseAsync();
        var actions = await db.QueryAsync<string>(
            "select action from platform_audit_events where entity_type = 'category' and entity_id = @id order by id", new { id = id.ToString() });
        Assert.Equal(["category.created", "category.updated", "category.deleted"], actions);
    }

    [Fact]
    public async Task Writing_needs_categories_manage_which_a_grant_gives_and_a_revocation_takes()
    {
        var staff = await factory.StaffAsync();
        var user = await factory.RegisterAndLoginAsync("Curator");
        var id = (long)(await (await staff.Client.PostJson("/api/v1/shop/categories", new { name = "Music" })).Expect(HttpStatusCode.Created))["id"]!;

        await (await user.Client.PostJson("/api/v1/shop/categories", new { name = "Art" })).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await user.Client.PatchJson($"/api/v1/shop/categories/{id}", new { name = "Art" })).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await user.Client.DeleteAsync($"/api/v1/shop/categories/{id}")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await factory.Anonymous().PostJson("/api/v1/shop/categories", new { name = "Art" })).ExpectProblem(HttpStatusCode.Unauthorized);

        await staff.GrantAsync(user, "categories.manage");
        await (await user.Client.PostJson("/api/v1/shop/categories", new { name = "Art" })).Expect(HttpStatusCode.Created);
        await (await user.Client.PatchJson($"/api/v1/shop/categories/{id}", new { description = "Sound" })).Expect(HttpStatusCode.OK);

        await staff.RevokeAsync(user, "categories.manage");
        await (await user.Client.DeleteAsync($"/api/v1/shop/categories/{id}")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
    }

    [Fact]
    public async Task Names_are_unique_without_regard_to_case_and_bad_input_is_a_400()
    {
        var staff = await factory.StaffAsync();
        await (await staff.Client.PostJson("/api/v1/shop/categories", new { name = "Books" })).Expect(HttpStatusCode.Created);
        await (await staff.Client.PostJson("/api/v1/shop/categories", new { name = "BOOKS" })).ExpectProblem(HttpStatusCode.Conflict, "category_name_taken");
        var other = (long)(await (await staff.Client.PostJson("/api/v1/shop/categories", new { name = "Comics" })).Expect(HttpStatusCode.Created))["id"]!;
        await (await staff.Client.PatchJson($"/api/v1/shop/categories/{other}", new { name = "books" }))
            .ExpectProblem(HttpStatusCode.Conflict, "category_name_taken");

        await (await staff.Client.PostJson("/api/v1/shop/categories", new { name = " " })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await staff.Client.PostJson("/api/v1/shop/categories", new { name = new string('x', 101) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await staff.Client.PatchJson("/api/v1/shop/categories/999999", new { name = "Nope" })).ExpectProblem(HttpStatusCode.NotFound, "category_not_found");
        await (await staff.Client.DeleteAsync("/api/v1/shop/categories/999999")).ExpectProblem(HttpStatusCode.NotFound, "category_not_found");
    }
}
