using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces;

public sealed class MemberTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task<(TestUser Owner, long Id, string Url)> ProjectAsync()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var id = await owner.CreateProjectAsync();
        return (owner, id, $"/api/v1/projects/{id}");
    }

    [Fact]
    public async Task Add_by_email_with_groups_returns_the_member_and_is_audited()
    {
        var (owner, id, url) = await ProjectAsync();
        var dev = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Dev"));
        await factory.AcquaintAsync(owner, dev);
        var developer = await factory.GroupIdAsync(id, "developer");

        var member = await (await owner.Client.PostJson($"{url}/members", new { email = dev.Email.ToUpperInvariant(), role = "member", group_ids = new[] { developer } }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(dev.Id, (long)member["user"]!["id"]!);
        Assert.Equal("developer", (string?)member["groups"]![0]!["name"]);
        Assert.Contains("tasks.edit_own", member["groups"]![0]!["permissions"].Strings());
        Assert.Contains("tasks.edit_own", member["effective_permissions"].Strings());

        var log = await owner.GetAsync($"{url}/audit-log?action=member.added");
        Assert.Equal(dev.Id, (long)log["items"]![0]!["after"]!["user_id"]!);
    }

    [Fact]
    public async Task Add_refuses_bad_input_unknown_users_duplicates_and_callers_without_members_manage()
    {
        var (owner, id, url) = await ProjectAsync();
        var user = await factory.RegisterAndLoginAsync();
        var manager = await factory.RegisterAndLoginAsync();
        await factory.AddMemberAsync(owner, url, manager, "manager");

        await (await owner.Client.PostJson($"{url}/members", new { role = "member" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"{url}/members", new { user_id = user.Id, email = user.Email, role = "member" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"{url}/members", new { user_id = user.Id, role = "owner" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"{url}/members", new { email = "not-an-email", role = "member" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"{url}/members", new { user_id = 999999999, role = "member" })).ExpectProblem(HttpStatusCode.NotFound, "user_not_found");
        var denied = await (await manager.Client.PostJson($"{url}/members", new { user_id = user.Id, role = "member" })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("members.manage", (string?)denied["permission"]);
        await (await factory.Anonymous().PostJson($"{url}/members", new { user_id = user.Id, role = "member" })).ExpectProblem(HttpStatusCode.Unauthorized);
        await factory.AddMemberAsync(owner, url, user);
        await (await owner.Client.PostJson($"{url}/members", new { user_id = user.Id, role = "member" })).ExpectProblem(HttpStatusCode.Conflict, "already_member");
    }

    [Fact]
    public async Task A_group_of_another_project_is_not_found_in_group_ids()
    {
        var (owner, _, url) = await ProjectAsync();
        var other = await owner.CreateProjectAsync("Other");
        var foreignGroup = await factory.GroupIdAsync(other, "lead");
        var user = await factory.RegisterAndLoginAsync();
        await (await owner.Client.GetAsync($"{url}/groups/{foreignGroup}")).ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        Assert.Equal("lead", (string?)(await owner.GetAsync($"/api/v1/projects/{other}/groups/{foreignGroup}"))["name"]);

        await (await owner.Client.PostJson($"{url}/members", new { user_id = user.Id, role = "member", group_ids = new[] { foreignGroup } }))
            .ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        await factory.AddMemberAsync(owner, url, user);
        await (await owner.Client.PutJson($"{url}/members/{user.Id}/groups", new { group_ids = new[] { foreignGroup } }))
            .ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        await (await owner.Client.PutJson($"{url}/groups/{foreignGroup}/permissions/tasks.comment", null)).ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        await (await owner.Client.DeleteAsync($"{url}/groups/{foreignGroup}")).ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
    }

    [Fact]
    public async Task Only_the_owner_makes_changes_or_removes_admins_and_nobody_demotes_or_removes_the_owner()
    {
        var (owner, _, url) = await ProjectAsync();
        var admin = await factory.RegisterAndLoginAsync();
        var other = await factory.RegisterAndLoginAsync();
        var third = await factory.RegisterAndLoginAsync();
        await factory.AddMemberAsync(owner, url, admin, "admin");
        await factory.AddMemberAsync(owner, url, other, "member");
        await factory.AddMemberAsync(owner, url, third, "admin");

        var denied = await (await admin.Client.PatchJson($"{url}/members/{other.Id}", new { role = "admin" })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("admins.manage", (string?)denied["permission"]);
        await (await admin.Client.PatchJson($"{url}/members/{third.Id}", new { role = "member" })).ExpectProblem(HttpStatusCode.Forbidden);
        await (await admin.Client.DeleteAsync($"{url}/members/{third.Id}")).ExpectProblem(HttpStatusCode.Forbidden);
        await (await admin.Client.PatchJson($"{url}/members/{owner.Id}", new { role = "member" })).ExpectProblem(HttpStatusCode.Conflict, "owner_immutable");
        await (await admin.Client.DeleteAsync($"{url}/members/{owner.Id}")).ExpectProblem(HttpStatusCode.Conflict, "owner_immutable");
        await (await owner.Client.DeleteAsync($"{url}/members/{owner.Id}")).ExpectProblem(HttpStatusCode.Conflict, "owner_cannot_leave");
        await (await owner.Client.PatchJson($"{url}/members/{owner.Id}", new { role = "admin" })).ExpectProblem(HttpStatusCode.Conflict, "owner_immutable");

        var promoted = await (await admin.Client.PatchJson($"{url}/members/{other.Id}", new { role = "manager" })).Expect(HttpStatusCode.OK);
        Assert.Equal("manager", (string?)promoted["role"]);
        await (await owner.Client.PatchJson($"{url}/members/{other.Id}", new { role = "admin" })).Expect(HttpStatusCode.OK);
        await (await owner.Client.PatchJson($"{url}/members/{other.Id}", new { role = "owner" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PatchJson($"{url}/members/999999999", new { role = "member" })).ExpectProblem(HttpStatusCode.NotFound, "member_not_found");

        var log = await owner.GetAsync($"{url}/audit-log?action=member.role_changed");
        Assert.Equal("member", (string?)log["items"]![1]!["before"]!["role"]);
        Assert.Equal("manager", (string?)log["items"]![1]!["after"]!["role"]);
    }

    [Fact]
    public async Task A_member_leaves_by_removing_themselves_and_managers_may_remove_nobody()
    {
        var (owner, _, url) = await ProjectAsync();
        var member = await factory.RegisterAndLoginAsync();
        var manager = await factory.RegisterAndLoginAsync();
        await factory.AddMemberAsync(owner, url, member);
        await factory.AddMemberAsync(owner, url, manager, "manager");

        await (await manager.Client.DeleteAsync($"{url}/members/{member.Id}")).ExpectProblem(HttpStatusCode.Forbidden);
        await (await member.Client.DeleteAsync($"{url}/members/{member.Id}")).Expect(HttpStatusCode.NoContent);
        await (await member.Client.GetAsync($"{url}/members")).ExpectProblem(HttpStatusCode.NotFound);
        await (await owner.Client.DeleteAsync($"{url}/members/{manager.Id}")).Expect(HttpStatusCode.NoContent);
        var log = await owner.GetAsync($"{url}/audit-log");
        Assert.Contains(log["items"]!.AsArray(), e => (string?)e!["action"] == "member.left");
        Assert.Contains(log["items"]!.AsArray(), e => (string?)e!["action"] == "member.removed");
    }

    [Fact]
    public async Task Set_groups_replaces_them_and_a_caller_cannot_hand_out_a_permission_they_lack()
    {
        var (owner, id, url) = await ProjectAsync();
        var admin = await factory.RegisterAndLoginAsync();
        var user = await factory.RegisterAndLoginAsync();
        await factory.AddMemberAsync(owner, url, admin, "admin");
        await factory.AddMemberAsync(owner, url, user);
        var lead = await factory.GroupIdAsync(id, "lead");
        var tester = await factory.GroupIdAsync(id, "tester");
        var super = await owner.CreateGroupAsync(url, "super", "admins.manage");

        var set = await (await admin.Client.PutJson($"{url}/members/{user.Id}/groups", new { group_ids = new[] { lead, tester } })).Expect(HttpStatusCode.OK);
        Assert.Equal(["lead", "tester"], set["groups"]!.AsArray().Select(g => (string)g!["name"]!));
        set = await (await admin.Client.PutJson($"{url}/members/{user.Id}/groups", new { group_ids = new[] { tester } })).Expect(HttpStatusCode.OK);
        Assert.Equal(["tester"], set["groups"]!.AsArray().Select(g => (string)g!["name"]!));

        var denied = await (await admin.Client.PutJson($"{url}/members/{user.Id}/groups", new { group_ids = new[] { super } })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("admins.manage", (string?)denied["permission"]);
        await (await admin.Client.PutJson($"{url}/members/{user.Id}/groups", new { })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await admin.Client.PutJson($"{url}/members/999999999/groups", new { group_ids = Array.Empty<long>() })).ExpectProblem(HttpStatusCode.NotFound);
        await (await user.Client.PutJson($"{url}/members/{user.Id}/groups", new { group_ids = new[] { lead } })).ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Member_permissions_list_the_catalog_with_sources_and_direct_grants_switch_on_and_off()
    {
        var (owner, id, url) = await ProjectAsync();
        var user = await factory.RegisterAndLoginAsync();
        var admin = await factory.RegisterAndLoginAsync();
        await factory.AddMemberAsync(owner, url, admin, "admin");
        await factory.AddMemberAsync(owner, url, user, "member", [await factory.GroupIdAsync(id, "tester")]);
        await (await owner.Client.PostJson($"{url}/permissions", new { code = "reports.export" })).Expect(HttpStatusCode.Created);

        var granted = await (await admin.Client.PutAsync($"{url}/members/{user.Id}/permissions/tasks.review", null)).Expect(HttpStatusCode.OK);
        Assert.Equal(["tasks.review"], granted["direct_permissions"].Strings());
        await (await admin.Client.PutAsync($"{url}/members/{user.Id}/permissions/reports.export", null)).Expect(HttpStatusCode.OK);

        var list = (await user.GetAsync($"{url}/members/{user.Id}/permissions?page_size=100"))["items"]!.AsArray();
        var review = list.Single(p => (string?)p!["code"] == "tasks.review")!;
        Assert.True((bool)review["granted"]!);
        Assert.Equal(["tester"], review["sources"]!["groups"].Strings());
        Assert.True((bool)review["sources"]!["direct"]!);
        Assert.False((bool)review["sources"]!["role"]!);
        Assert.False((bool)list.Single(p => (string?)p!["code"] == "tasks.delete")!["granted"]!);
        Assert.True((bool)list.Single(p => (string?)p!["code"] == "reports.export")!["is_custom"]!);
        Assert.DoesNotContain(list, p => (string?)p!["code"] == "deals.manage_all");

        await (await admin.Client.DeleteAsync($"{url}/members/{user.Id}/permissions/tasks.review")).Expect(HttpStatusCode.OK);
        list = (await user.GetAsync($"{url}/members/{user.Id}/permissions?page_size=100"))["items"]!.AsArray();
        Assert.False((bool)list.Single(p => (string?)p!["code"] == "tasks.review")!["sources"]!["direct"]!);

        await (await admin.Client.PutAsync($"{url}/members/{user.Id}/permissions/deals.manage_all", null)).ExpectProblem(HttpStatusCode.NotFound, "permission_not_found");
        await (await admin.Client.PutAsync($"{url}/members/{user.Id}/permissions/admins.manage", null)).ExpectProblem(HttpStatusCode.Forbidden);
        await (await admin.Client.PutAsync($"{url}/members/{admin.Id}/permissions/admins.manage", null)).ExpectProblem(HttpStatusCode.Forbidden);
        var denied = await (await user.Client.PutAsync($"{url}/members/{user.Id}/permissions/tasks.delete", null)).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("permissions.grant", (string?)denied["permission"]);
        await (await admin.Client.GetAsync($"{url}/members/999999999/permissions")).ExpectProblem(HttpStatusCode.NotFound, "member_not_found");

        var log = await owner.GetAsync($"{url}/audit-log");
        Assert.Contains(log["items"]!.AsArray(), e => (string?)e!["action"] == "grant.added");
        Assert.Contains(log["items"]!.AsArray(), e => (string?)e!["action"] == "grant.removed");
    }

    [Fact]
    public async Task The_members_filter_needs_all_permissions_any_group_role_and_text()
    {
        var (owner, id, url) = await ProjectAsync();
        var lead = await factory.GroupIdAsync(id, "lead");
        var tester = await factory.GroupIdAsync(id, "tester");
        var developer = await factory.GroupIdAsync(id, "developer");
        var ann = await factory.RegisterAndLoginAsync("Ann Lead");
        var bob = await factory.RegisterAndLoginAsync("Bob Tester");
        var cid = await factory.RegisterAndLoginAsync("Cid Dev");
        var dan = await factory.RegisterAndLoginAsync("Dan Manager");
        await factory.AddMemberAsync(owner, url, ann, "member", [lead]);
        await factory.AddMemberAsync(owner, url, bob, "member", [tester]);
        await factory.AddMemberAsync(owner, url, cid, "member", [developer]);
        await factory.AddMemberAsync(owner, url, dan, "manager");
        // bob gets tasks.assign directly
        await (await owner.Client.PutAsync($"{url}/members/{bob.Id}/permissions/tasks.assign", null)).Expect(HttpStatusCode.OK);

        async Task<long[]> Ids(string query) =>
            (await owner.GetAsync($"{url}/members?{query}"))["items"]!.AsArray().Select(m => (long)m!["user"]!["id"]!).Order().ToArray();

        Assert.Equal(new[] { owner.Id, ann.Id, dan.Id }.Order(), await Ids("permission=tasks.review&permission=tasks.assign&permission=tasks.create_root"));
        Assert.Equal(new[] { owner.Id, ann.Id, bob.Id, dan.Id }.Order(), await Ids("permission=tasks.review&permission=tasks.assign"));
        Assert.Equal(new[] { ann.Id, bob.Id }.Order(), await Ids($"permission=tasks.review&permission=tasks.assign&group={lead}&group={tester}"));
        Assert.Equal(new[] { cid.Id }, await Ids($"group={developer}"));
        Assert.Equal(new[] { dan.Id }, await Ids("role=manager"));
        Assert.Equal(new[] { bob.Id }, await Ids("q=bob%20TESTER"));
        Assert.Empty(await Ids("permission=no.such_code"));

        var page = await owner.GetAsync($"{url}/members?page_size=2&page=3");
        Assert.Equal(5, (long)page["total"]!);
        Assert.Single(page["items"]!.AsArray());

        await (await owner.Client.GetAsync($"{url}/members?permission=NOT%20A%20CODE")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_permission_code");
        await (await owner.Client.GetAsync($"{url}/members?group=abc")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.GetAsync($"{url}/members?group=-4")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.GetAsync($"{url}/members?role=king")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_role");
        var stranger = await factory.RegisterAndLoginAsync();
        await (await stranger.Client.GetAsync($"{url}/members")).ExpectProblem(HttpStatusCode.NotFound);
        await (await factory.Anonymous().GetAsync($"{url}/members")).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(0, await factory.StaleAccessRowsAsync());
    }
}
