using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces;

public sealed class SpaceTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Creating_a_project_makes_the_caller_owner_with_default_groups_and_an_audit_event()
    {
        var owner = await factory.RegisterAndLoginAsync("Olga");
        var created = await (await owner.Client.PostJson("/api/v1/projects", new { name = "  Apollo ", description = "Moon", settings = new { color = "blue" } }))
            .Expect(HttpStatusCode.Created);

        Assert.Equal("Apollo", (string?)created["name"]);
        Assert.Equal("project", (string?)created["kind"]);
        Assert.Equal("public", (string?)created["visibility"]);
        Assert.Equal("owner", (string?)created["role"]);
        Assert.Equal(1, (long)created["member_count"]!);
        Assert.Equal("blue", (string?)created["settings"]!["color"]);
        var id = (long)created["id"]!;

        var groups = await owner.GetAsync($"/api/v1/projects/{id}/groups");
        Assert.Equal(["developer", "lead", "tester"], groups["items"]!.AsArray().Select(g => (string)g!["name"]!).Order());

        var log = await owner.GetAsync($"/api/v1/projects/{id}/audit-log");
        Assert.Contains(log["items"]!.AsArray(), e => (string?)e!["action"] == "space.created" && (long?)e["actor"]!["id"] == owner.Id);
    }

    [Fact]
    public async Task An_organization_is_private_by_default_and_listed_in_my_organizations()
    {
        var owner = await factory.RegisterAndLoginAsync("Oscar");
        var id = await owner.CreateOrganizationAsync("Acme");
        var org = await owner.GetAsync($"/api/v1/organizations/{id}");
        Assert.Equal("private", (string?)org["visibility"]);

        var mine = await owner.GetAsync("/api/v1/organizations/me");
        Assert.Contains(mine["items"]!.AsArray(), o => (long)o!["id"]! == id && (string?)o["role"] == "owner");
        Assert.Equal(1, (int)mine["page"]!);
        Assert.Equal(20, (int)mine["page_size"]!);
    }

    [Fact]
    public async Task Create_refuses_bad_input_and_anonymous_callers()
    {
        var owner = await factory.RegisterAndLoginAsync();
        await (await owner.Client.PostJson("/api/v1/projects", new { name = " " })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await owner.Client.PostJson("/api/v1/projects", new { name = "x", visibility = "secret" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson("/api/v1/projects", new { name = "x", settings = new[] { 1 } })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.SendRaw(HttpMethod.Post, "/api/v1/projects", "{\"name\":")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson("/api/v1/projects", new { name = new string('a', 201) })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await factory.Anonymous().PostJson("/api/v1/projects", new { name = "x" })).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_public_project_is_readable_by_anyone_signed_in_and_a_private_one_is_404_to_outsiders()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var stranger = await factory.RegisterAndLoginAsync();
        var open = await owner.CreateProjectAsync("Open", "public");
        var closed = await owner.CreateProjectAsync("Closed", "private");

        var seen = await stranger.GetAsync($"/api/v1/projects/{open}");
        Assert.Null((string?)seen["role"]);
        await (await stranger.Client.GetAsync($"/api/v1/projects/{closed}")).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
        // the id of a project under /organizations is not found either
        await (await owner.Client.GetAsync($"/api/v1/organizations/{open}")).ExpectProblem(HttpStatusCode.NotFound, "organization_not_found");
        await (await owner.Client.GetAsync("/api/v1/projects/999999999")).ExpectProblem(HttpStatusCode.NotFound);
        await (await owner.Client.GetAsync("/api/v1/projects/abc")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_directory_lists_public_projects_and_mine_with_member_counts_and_filters_by_name()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var other = await factory.RegisterAndLoginAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var open = await owner.CreateProjectAsync($"Open {tag}", "public");
        var hidden = await owner.CreateProjectAsync($"Hidden {tag}", "private");
        await factory.AddMemberAsync(owner, $"/api/v1/projects/{open}", other);

        var mine = await owner.GetAsync($"/api/v1/projects?q={tag}");
        Assert.Equal(2, (long)mine["total"]!);
        Assert.Equal(2, (long)mine["items"]!.AsArray().Single(p => (long)p!["id"]! == open)!["member_count"]!);

        var theirs = await other.GetAsync($"/api/v1/projects?q={tag}");
        Assert.Equal([open], theirs["items"]!.AsArray().Select(p => (long)p!["id"]!));
        Assert.DoesNotContain(theirs["items"]!.AsArray(), p => (long)p!["id"]! == hidden);

        var paged = await owner.GetAsync($"/api/v1/projects?q={tag}&page=2&page_size=1");
        Assert.Single(paged["items"]!.AsArray());
        Assert.Equal(2, (long)paged["total"]!);
        Assert.Equal("Open " + tag, (string?)paged["items"]![0]!["name"]);

        // wildcards in q are literal
        Assert.Equal(0, (long)(await owner.GetAsync("/api/v1/projects?q=%25%25%25zz_"))["total"]!);
        await (await owner.Client.GetAsync("/api/v1/projects?page_size=101")).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await owner.Client.GetAsync("/api/v1/projects?page=0")).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await owner.Client.GetAsync("/api/v1/projects?page=x")).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task My_projects_show_role_groups_and_effective_permissions()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var dev = await factory.RegisterAndLoginAsync();
        var id = await owner.CreateProjectAsync();
        var developer = await factory.GroupIdAsync(id, "developer");
        await factory.AddMemberAsync(owner, $"/api/v1/projects/{id}", dev, "member", [developer]);

        var mine = await dev.GetAsync("/api/v1/me/projects");
        var item = mine["items"]!.AsArray().Single(p => (long)p!["project"]!["id"]! == id)!;
        Assert.Equal("member", (string?)item["role"]);
        Assert.Equal(["developer"], item["groups"]!.AsArray().Select(g => (string)g!["name"]!));
        Assert.Equal(["tasks.comment", "tasks.create_subtask_own", "tasks.edit_own"], item["effective_permissions"].Strings());
    }

    [Fact]
    public async Task Update_needs_space_update_and_is_audited()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var member = await factory.RegisterAndLoginAsync();
        var stranger = await factory.RegisterAndLoginAsync();
        var id = await owner.CreateProjectAsync("Before", "private");
        var url = $"/api/v1/projects/{id}";
        await factory.AddMemberAsync(owner, url, member);

        var changed = await (await owner.Client.PatchJson(url, new { name = "After", visibility = "public", description = "" })).Expect(HttpStatusCode.OK);
        Assert.Equal("After", (string?)changed["name"]);
        Assert.Equal("public", (string?)changed["visibility"]);

        var denied = await (await member.Client.PatchJson(url, new { name = "Mine" })).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal("space.update", (string?)denied["permission"]);
        await (await owner.Client.PatchJson(url, new { visibility = "x" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PatchJson("/api/v1/projects/999999999", new { name = "x" })).ExpectProblem(HttpStatusCode.NotFound);
        await (await stranger.Client.PatchJson(url, new { name = "x" })).ExpectProblem(HttpStatusCode.NotFound);

        var log = await owner.GetAsync($"{url}/audit-log?action=space.updated");
        var e = log["items"]![0]!;
        Assert.Equal("Before", (string?)e["before"]!["name"]);
        Assert.Equal("After", (string?)e["after"]!["name"]);
    }

    [Fact]
    public async Task Delete_needs_space_delete_and_leaves_the_audit_events()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var admin = await factory.RegisterAndLoginAsync();
        var member = await factory.RegisterAndLoginAsync();
        var id = await owner.CreateOrganizationAsync();
        var url = $"/api/v1/organizations/{id}";
        await factory.AddMemberAsync(owner, url, member);

        var denied = await (await member.Client.DeleteAsync(url)).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("space.delete", (string?)denied["permission"]);
        await (await admin.Client.DeleteAsync(url)).ExpectProblem(HttpStatusCode.NotFound);
        await (await owner.Client.DeleteAsync(url)).Expect(HttpStatusCode.NoContent);
        await (await owner.Client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1L, await Dapper.SqlMapper.QuerySingleAsync<long>(db,
            "select count(*) from audit_events where space_id = @id and action = 'space.deleted'", new { id }));
    }
}
