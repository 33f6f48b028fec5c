using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Features.Spaces;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Shop;

/// <summary>Arranging shop scenes: staff, grants, categories, creators and listed projects.</summary>
public static class ShopWorld
{
    /// <summary>A new user made platform staff the way the operators' command does it.</summary>
    public static async Task<TestUser> StaffAsync(this AtriumFactory factory, string name = "Stella Staff")
    {
        var user = await factory.RegisterAndLoginAsync(name);
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("update users set is_staff = true where id = @id", new { id = user.Id });
        return user;
    }

    public static async Task GrantAsync(this TestUser granter, TestUser user, string code) =>
        await (await granter.Client.PutAsync($"/api/v1/users/{user.Id}/platform-permissions/{code}", null)).Expect(HttpStatusCode.OK);

    public static async Task RevokeAsync(this TestUser granter, TestUser user, string code) =>
        await (await granter.Client.DeleteAsync($"/api/v1/users/{user.Id}/platform-permissions/{code}")).Expect(HttpStatusCode.OK);

    public static async Task<long> CreateCategoryAsync(this TestUser staff, string name) =>
        (long)(await (await staff.Client.PostJson("/api/v1/shop/categories", new { name })).Expect(HttpStatusCode.Created))["id"]!;

    public static async Task<long> BecomeCreatorAsync(this TestUser user, string? displayName = null) =>
        (long)(await (await user.Client.PostJson("/api/v1/shop/creators/me", new { display_name = displayName ?? "Creator" }))
            .Expect(HttpStatusCode.Created))["id"]!;

    /// <summary>A new project of <paramref name="owner"/> (already a creator) listed and published.</summary>
    public static async Task<long> ListNewProjectAsync(this TestUser owner, long categoryId, decimal price, string currency = "EUR",
        string name = "Board", bool published = true)
    {
        var project = await owner.CreateProjectAsync(name);
        await owner.ListAsync(project, categoryId, price, currency, published);
        return project;
    }

    public static async Task<JsonNode> ListAsync(this TestUser owner, long project, long categoryId, decimal price, string currency = "EUR",
        bool published = true) =>
        await (await owner.Client.PutJson($"/api/v1/projects/{project}/listing",
            new { category_id = categoryId, price, currency, published })).Expect(HttpStatusCode.OK);

    public static async Task<string[]> PlatformPermissionsAsync(this TestUser user)
    {
        var me = await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        return me["platform_permissions"]!.AsArray().Select(p => (string)p!).ToArray();
    }
}
