using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces;

public sealed class GroupAndPermissionTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Groups_are_created_renamed_given_permissions_and_deleted_with_audit_events()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var url = $"/api/v1/organizations/{await owner.CreateOrganizationAsync()}";
        var created = await (await owner.Client.PostJson($"{url}/groups", new { name = "HR", description = "People", permissions = new[] { "documents.send" } }))
            .Expect(HttpStatusCode.Created);
        var groupId = (long)created["id"]!;
        Assert.Equal(["documents.send"], created["permissions"].Strings());

        await (await owner.Client.PostJson($"{url}/groups", new { name = "hr" })).ExpectProblem(HttpStatusCode.Conflict, "group_name_taken");
        await (await owner.Client.PostJson($"{url}/groups", new { name = "" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"{url}/groups", new { name = "X", permissions = new[] { "tasks.review" } })).ExpectProblem(HttpStatusCode.NotFound, "permission_not_found");
        await (await owner.Client.PostJson($"{url}/groups", new { name = "Y", permissions = new[] { "Bad Code" } })).ExpectProblem(HttpStatusCode.BadRequest);

        var renamed = await (await owner.Client.PatchJson($"{url}/groups/{groupId}", new { name = "People" })).Expect(HttpStatusCode.OK);
        Assert.Equal("People", (string?)renamed["name"]);
        var added = await (await owner.Client.PutAsync($"{url}/groups/{groupId}/permissions/documents.sign", null)).Expect(HttpStatusCode.OK);
        Assert.Equal(["documents.send", "documents.sign"], added["permissions"].Strings());
        var removed = await (await owner.Client.DeleteAsync($"{url}/groups/{groupId}/permissions/documents.send")).Expect(HttpStatusCode.OK);
        Assert.Equal(["documents.sign"], removed["permissions"].Strings());
        await (await owner.Client.PutAsync($"{url}/groups/{groupId}/permissions/nope.nope", null)).ExpectProblem(HttpStatusCode.NotFound, "permission_not_found");
        await (await owner.Client.PatchJson($"{url}/groups/999999999", new { name = "Z" })).ExpectProblem(HttpStatusCode.NotFound);
        await (await owner.Client.DeleteAsync($"{url}/groups/{groupId}")).Expect(HttpStatusCode.NoContent);
        await (await owner.Client.DeleteAsync($"{url}/groups/{groupId}")).ExpectProblem(HttpStatusCode.NotFound);

        var actions = (await owner.GetAsync($"{url}/audit-log"))["items"]!.AsArray().Select(e => (string)e!["action"]!).ToArray();
        Assert.Contains("group.created", actions);
        Assert.Contains("group.updated", actions);
        Assert.Contains("group.permission_added", actions);
        Assert.Contains("group.permission_removed", actions);
        Assert.Contains("group.deleted", actions);
    }

    [Fact]
    public async Task Renaming_to_a_taken_name_is_409_and_members_without_groups_manage_get_403()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var member = await factory.RegisterAndLoginAsync();
        var id = await owner.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}";
        await factory.AddMemberAsync(owner, url, member);
        var lead = await factory.GroupIdAsync(id, "lead");

        await (await owner.Client.PatchJson($"{url}/groups/{lead}", new { name = "Tester" })).ExpectProblem(HttpStatusCode.Conflict, "group_name_taken");
        var denied = await (await member.Client.PostJson($"{url}/groups", new { name = "mine" })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("groups.manage", (string?)denied["permission"]);
        await (await member.Client.PutAsync($"{url}/groups/{lead}/permissions/tasks.delete", null)).ExpectProblem(HttpStatusCode.Forbidden);
        await (await member.Client.DeleteAsync($"{url}/groups/{lead}")).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal(3, (await member.GetAsync($"{url}/groups"))["items"]!.AsArray().Count);
    }

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

        var catalog = (await member.GetAsync($"{url}/permissions?page_size=100"))["items"]!.AsArray();
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

    [Fact]
    public async Task A_custom_code_of_another_space_is_not_found()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var a = await owner.CreateProjectAsync("A");
        var b = await owner.CreateProjectAsync("B");
        await (await owner.Client.PostJson($"/api/v1/projects/{a}/permissions", new { code = "only.in_a" })).Expect(HttpStatusCode.Created);
        var lead = await factory.GroupIdAsync(b, "lead");
        await (await owner.Client.PutAsync($"/api/v1/projects/{b}/groups/{lead}/permissions/only.in_a", null)).ExpectProblem(HttpStatusCode.NotFound);
        await (await owner.Client.DeleteAsync($"/api/v1/projects/{b}/permissions/only.in_a")).ExpectProblem(HttpStatusCode.NotFound);
    }
}
