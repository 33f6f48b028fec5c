using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Tracker;

public sealed class ListTasksTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static List<string> Titles(JsonNode page) => page["items"]!.AsArray().Select(i => (string)i!["title"]!).ToList();

    private static List<string> Titles(JsonNode? node, string field) => node![field]!.AsArray().Select(i => (string)i!["title"]!).ToList();

    /// <summary>A (B (D), C), E — created in that order of letters.</summary>
    private async Task<(TrackerProject Project, Dictionary<string, long> Ids)> ForestAsync()
    {
        var project = await factory.NewProjectAsync();
        var owner = project.Owner;
        var a = await owner.CreateTaskAsync(project, "A");
        var b = await owner.CreateTaskAsync(project, "B", parentId: a.Id());
        var c = await owner.CreateTaskAsync(project, "C", parentId: a.Id());
        var d = await owner.CreateTaskAsync(project, "D", parentId: b.Id());
        var e = await owner.CreateTaskAsync(project, "E");
        return (project, new() { ["A"] = a.Id(), ["B"] = b.Id(), ["C"] = c.Id(), ["D"] = d.Id(), ["E"] = e.Id() });
    }

    [Fact]
    public async Task A_member_lists_every_task_paged_in_creation_order()
    {
        var (project, _) = await ForestAsync();
        var member = await factory.JoinAsync(project, "Reader");

        var all = await (await member.Client.GetAsync(project.Tasks)).Expect(HttpStatusCode.OK);
        Assert.Equal(["A", "B", "C", "D", "E"], Titles(all));
        Assert.Equal(5, (long)all["total"]!);
        Assert.Equal(1, (int)all["page"]!);
        Assert.Equal(20, (int)all["page_size"]!);
        Assert.Null(all["items"]![0]!["children"]);

        var second = await (await member.Client.GetAsync(project.Tasks + "?page=2&page_size=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(["C", "D"], Titles(second));
        Assert.Equal(5, (long)second["total"]!);
        var beyond = await (await member.Client.GetAsync(project.Tasks + "?page=9&page_size=2")).Expect(HttpStatusCode.OK);
        Assert.Empty(beyond["items"]!.AsArray());
        Assert.Equal(5, (long)beyond["total"]!);
    }

    [Fact]
    public async Task Filters_by_status_assignee_and_parent()
    {
        var (project, ids) = await ForestAsync();
        var dev = await factory.JoinAsync(project, "Dev", "member", "developer");
        await (await project.Owner.PatchTask(project.Task(ids["C"]), new { status = "in_progress", assignee_id = dev.Id })).Expect(HttpStatusCode.OK);

        Assert.Equal(["C"], Titles(await (await dev.Client.GetAsync(project.Tasks + "?status=in_progress")).Expect(HttpStatusCode.OK)));
        Assert.Equal(["A", "B", "D", "E"], Titles(await (await dev.Client.GetAsync(project.Tasks + "?status=open")).Expect(HttpStatusCode.OK)));
        Assert.Equal(["C"], Titles(await (await dev.Client.GetAsync($"{project.Tasks}?assignee_id={dev.Id}")).Expect(HttpStatusCode.OK)));
        Assert.Equal(["B", "C"], Titles(await (await dev.Client.GetAsync($"{project.Tasks}?parent_id={ids["A"]}")).Expect(HttpStatusCode.OK)));
        Assert.Equal(["A", "E"], Titles(await (await dev.Client.GetAsync(project.Tasks + "?parent_id=0")).Expect(HttpStatusCode.OK)));
        var none = await (await dev.Client.GetAsync($"{project.Tasks}?parent_id={ids["A"]}&status=done")).Expect(HttpStatusCode.OK);
        Assert.Empty(none["items"]!.AsArray());
        Assert.Equal(0, (long)none["total"]!);
    }

    [Fact]
    public async Task Tree_nests_whole_subtrees_under_a_page_of_top_level_tasks()
    {
        var (project, ids) = await ForestAsync();

        var forest = await (await project.Owner.Client.GetAsync(project.Tasks + "?tree=true")).Expect(HttpStatusCode.OK);
        Assert.Equal(["A", "E"], Titles(forest));
        Assert.Equal(2, (long)forest["total"]!);
        var a = forest["items"]![0];
        Assert.Equal(["B", "C"], Titles(a, "children"));
        Assert.Equal(["D"], Titles(a!["children"]![0], "children"));
        Assert.Empty(a["children"]![0]!["children"]![0]!["children"]!.AsArray());
        Assert.Empty(forest["items"]![1]!["children"]!.AsArray());

        var firstOnly = await (await project.Owner.Client.GetAsync(project.Tasks + "?tree=true&page_size=1")).Expect(HttpStatusCode.OK);
        Assert.Equal(["A"], Titles(firstOnly));
        Assert.Equal(2, (long)firstOnly["total"]!);

        var underA = await (await project.Owner.Client.GetAsync($"{project.Tasks}?tree=true&parent_id={ids["A"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(["B", "C"], Titles(underA));
        Assert.Equal(["D"], Titles(underA["items"]![0], "children"));
    }

    [Fact]
    public async Task Tree_items_read_exactly_like_flat_items()
    {
        var (project, ids) = await ForestAsync();
        await (await project.Owner.PatchTask(project.Task(ids["D"]), new { description = "deep", status = "in_progress" })).Expect(HttpStatusCode.OK);

        var flat = await (await project.Owner.Client.GetAsync($"{project.Tasks}?parent_id={ids["B"]}")).Expect(HttpStatusCode.OK);
        var tree = await (await project.Owner.Client.GetAsync($"{project.Tasks}?tree=true&parent_id={ids["B"]}")).Expect(HttpStatusCode.OK);
        var fromTree = tree["items"]![0]!.AsObject();
        fromTree.Remove("children");
        var fromFlat = flat["items"]![0]!.AsObject();
        fromFlat.Remove("children");
        Assert.Equal(fromFlat.ToJsonString(), fromTree.ToJsonString());
        var single = await (await project.Owner.Client.GetAsync(project.Task(ids["D"]))).Expect(HttpStatusCode.OK);
        Assert.Equal(single.ToJsonString(), fromFlat.ToJsonString());
    }

    [Fact]
    public async Task A_deep_chain_nests_all_the_way_down()
    {
        var project = await factory.NewProjectAsync();
        long? parent = null;
        for (var depth = 0; depth < 30; depth++)
            parent = (await project.Owner.CreateTaskAsync(project, $"Level {depth}", parentId: parent)).Id();

        var tree = await (await project.Owner.Client.GetAsync(project.Tasks + "?tree=true")).Expect(HttpStatusCode.OK);
        var node = tree["items"]![0];
        for (var depth = 1; depth < 30; depth++)
        {
            node = node!["children"]![0];
            Assert.Equal($"Level {depth}", (string?)node!["title"]);
        }
        Assert.Empty(node!["children"]!.AsArray());
    }

    [Fact]
    public async Task Tree_filters_pick_the_top_level_items()
    {
        var (project, ids) = await ForestAsync();
        await (await project.Owner.PatchTask(project.Task(ids["E"]), new { status = "in_progress" })).Expect(HttpStatusCode.OK);
        await (await project.Owner.PatchTask(project.Task(ids["B"]), new { status = "in_progress" })).Expect(HttpStatusCode.OK);

        var open = await (await project.Owner.Client.GetAsync(project.Tasks + "?tree=true&status=open")).Expect(HttpStatusCode.OK);
        Assert.Equal(["A"], Titles(open));
        Assert.Equal(["B", "C"], Titles(open["items"]![0], "children"));
    }

    [Fact]
    public async Task The_list_has_a_weak_etag_and_answers_304_until_something_changes()
    {
        var (project, ids) = await ForestAsync();
        var owner = project.Owner;

        var first = await owner.Client.GetAsync(project.Tasks);
        await first.Expect(HttpStatusCode.OK);
        var etag = first.ETag();
        Assert.StartsWith("W/\"", etag);

        var unchanged = await owner.GetIfNoneMatch(project.Tasks, etag);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(etag, unchanged.ETag());
        Assert.Empty(await unchanged.Content.ReadAsStringAsync());

        Assert.NotEqual(etag, (await owner.Client.GetAsync(project.Tasks + "?page_size=3")).ETag());
        var treeTag = (await owner.Client.GetAsync(project.Tasks + "?tree=true")).ETag();
        Assert.NotEqual(etag, treeTag);
        Assert.Equal(HttpStatusCode.NotModified, (await owner.GetIfNoneMatch(project.Tasks + "?tree=true", treeTag)).StatusCode);

        await (await owner.PatchTask(project.Task(ids["D"]), new { title = "D2" })).Expect(HttpStatusCode.OK);
        var changed = await owner.GetIfNoneMatch(project.Tasks, etag);
        await changed.Expect(HttpStatusCode.OK);
        Assert.NotEqual(etag, changed.ETag());
        Assert.Equal(HttpStatusCode.OK, (await owner.GetIfNoneMatch(project.Tasks + "?tree=true", treeTag)).StatusCode);

        await owner.CreateTaskAsync(project, "F");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetIfNoneMatch(project.Tasks, changed.ETag())).StatusCode);
    }

    [Fact]
    public async Task Outsiders_get_404()
    {
        var (project, _) = await ForestAsync();
        var outsider = await factory.RegisterAndLoginAsync("Outsider");
        await (await outsider.Client.GetAsync(project.Tasks)).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
        await (await outsider.Client.GetAsync(project.Tasks + "?tree=true")).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
    }

    [Theory]
    [InlineData("?status=bogus", "validation_failed")]
    [InlineData("?status=", "validation_failed")]
    [InlineData("?page=0", "validation_failed")]
    [InlineData("?page_size=101", "validation_failed")]
    [InlineData("?page_size=-5", "validation_failed")]
    [InlineData("?page=abc", "invalid_parameter")]
    [InlineData("?page=99999999999", "invalid_parameter")]
    [InlineData("?tree=maybe", "invalid_parameter")]
    [InlineData("?assignee_id=me", "invalid_parameter")]
    [InlineData("?parent_id=1.5", "invalid_parameter")]
    public async Task Junk_query_parameters_are_400_never_500(string query, string code)
    {
        var project = await factory.NewProjectAsync();
        await (await project.Owner.Client.GetAsync(project.Tasks + query)).ExpectProblem(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task A_huge_page_number_is_an_empty_page()
    {
        var (project, _) = await ForestAsync();
        var page = await (await project.Owner.Client.GetAsync(project.Tasks + "?tree=true&page=2147483647&page_size=100")).Expect(HttpStatusCode.OK);
        Assert.Empty(page["items"]!.AsArray());
    }
}
