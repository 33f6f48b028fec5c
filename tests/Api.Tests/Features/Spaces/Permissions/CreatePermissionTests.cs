using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.Permissions;

public sealed class CreatePermissionTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Custom_permissions_are_created_validated_and_deleted_but_system_codes_are_not()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var member = await factory.RegisterAndLoginAsync();
        var id = await owner.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}";
        await factory.AddMemberAsync(owner, url, member, "member", [await factory.GroupIdAsync(id, "tester")]);

        var created = await (await owner.Client.PostJson($"{url}/permissions", new { code = "wiki.edit", description = "Edit the wiki" })).Expect(HttpStatusCode.Created);
        Assert.True((bool)created["is_custom"]!);
        await (await owner.Client.PostJson($"{url}/permissions", new { code = "wiki.edit" })).ExpectProblem(HttpStatusCode.Conflict, "permission_code_taken");
        await (await owner.Client.PostJson($"{url}/permissions", new { code = "space.update" })).ExpectProblem(HttpStatusCode.Conflict, "permission_code_taken");
        await (await owner.Client.PostJson($"{url}/permissions", new { code = "wiki" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"{url}/permissions", new { code = "Wiki.Edit" })).ExpectProblem(HttpStatusCode.BadRequest);
        var denied = await (await member.Client.PostJson($"{url}/permissions", new { code = "wiki.read" })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("permissions.manage", (string?)denied["permission"]);

        var catalog = (await member.GetAsync($"{url}/permissions")).AsArray();
        Assert.Contains(catalog, p => (string?)p!["code"] == "wiki.edit" && (bool)p["is_custom"]!);
        Assert.Contains(catalog, p => (string?)p!["code"] == "tasks.review" && !(bool)p["is_custom"]!);
        Assert.DoesNotContain(catalog, p => (string?)p!["code"] == "deals.manage_all");

        var tester = await factory.GroupIdAsync(id, "tester");
        await (await owner.Client.PutAsync($"{url}/groups/{tester}/permissions/wiki.edit", null)).Expect(HttpStatusCode.OK);
        Assert.Contains("wiki.edit", (await member.GetAsync("/api/v1/me/projects"))["items"]![0]!["effective_permissions"].Strings());

        await (await owner.Client.DeleteAsync($"{url}/permissions/space.update")).ExpectProblem(HttpStatusCode.Conflict, "system_permission");
        await (await owner.Client.DeleteAsync($"{url}/permissions/wiki.none")).ExpectProblem(HttpStatusCode.NotFound, "permission_not_found");
        await (await member.Client.DeleteAsync($"{url}/permissions/wiki.edit")).ExpectProblem(HttpStatusCode.Forbidden);
        await (await owner.Client.DeleteAsync($"{url}/permissions/wiki.edit")).Expect(HttpStatusCode.NoContent);
        Assert.DoesNotContain("wiki.edit", (await member.GetAsync("/api/v1/me/projects"))["items"]![0]!["effective_permissions"].Strings());
        Assert.Equal(0, await factory.StaleAccessRowsAsync());

        var actions = (await owner.GetAsync($"{url}/audit-log"))["items"]!.AsArray().Select(e => (string)e!["action"]!).ToArray();
        Assert.Contains("permission.created", actions);
        Assert.Contains("permission.deleted", actions);
    }
}
