using System.Net;
using System.Text.Json.Nodes;
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

    public static async Task<string[]> PlatformPermissionsAsync(this TestUser user)
    {
        var me = await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        return me["platform_permissions"]!.AsArray().Select(p => (string)p!).ToArray();
    }
}
