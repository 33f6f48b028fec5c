using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Tracker;

public sealed class CommentsAndHistoryTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Theory]
    [InlineData("lead", 201)]
    [InlineData("developer", 201)]
    [InlineData("tester", 201)]
    [InlineData(null, 403)]
    public async Task Commenting_needs_tasks_comment(string? group, int expected)
    {
        var project = await factory.NewProjectAsync();
        var someone = await factory.JoinAsync(project, "Someone", "member", group is null ? [] : [group]);
        var task = await project.Owner.CreateTaskAsync(project, "Talk about me");

        var response = await someone.Client.PostJson(project.Task(task.Id()) + "/comments", new { body = "  Looks good  " });
        if (expected == 201)
        {
            var comment = await response.Expect(HttpStatusCode.Created);
            Assert.Equal("Looks good", (string?)comment["body"]);
            Assert.Equal(someone.Id, (long)comment["author_id"]!);
            Assert.Equal("Someone", (string?)comment["author_name"]);
            Assert.Equal(task.Id(), (long)comment["task_id"]!);
        }
        else
        {
            var problem = await response.ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
            Assert.Equal("tasks.comment", (string?)problem["permission"]);
        }
    }

    [Fact]
    public async Task Comments_are_listed_oldest_first_paged_for_any_member_and_audited()
    {
        var project = await factory.NewProjectAsync();
        var reader = await factory.JoinAsync(project, "Reader");
        var task = await project.Owner.CreateTaskAsync(project, "Chatty");
        var url = project.Task(task.Id()) + "/comments";
        foreach (var body in new[] { "one", "two", "three" })
            await (await project.Owner.Client.PostJson(url, new { body })).Expect(HttpStatusCode.Created);

        var all = await (await reader.Client.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal(["one", "two", "three"], all["items"]!.AsArray().Select(c => (string)c!["body"]!));
        Assert.Equal(3, (long)all["total"]!);
        var last = await (await reader.Client.GetAsync(url + "?page=2&page_size=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(["three"], last["items"]!.AsArray().Select(c => (string)c!["body"]!));

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(3, await db.QuerySingleAsync<int>(
            "select count(*) from audit_events where space_id = @p and action = 'task_comment.created'", new { p = project.Id }));
    }

    [Fact]
    public async Task Comments_and_history_of_unknown_or_foreign_tasks_are_404()
    {
        var project = await factory.NewProjectAsync();
        var other = await factory.NewProjectAsync();
        var task = await other.Owner.CreateTaskAsync(other, "Elsewhere");
        var outsider = await factory.RegisterAndLoginAsync("Outsider");

        await (await project.Owner.Client.PostJson(project.Task(task.Id()) + "/comments", new { body = "hi" }))
            .ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await project.Owner.Client.GetAsync(project.Task(task.Id()) + "/comments")).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await project.Owner.Client.GetAsync(project.Task(task.Id()) + "/history")).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await outsider.Client.GetAsync(other.Task(task.Id()) + "/comments")).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
        await (await outsider.Client.GetAsync(other.Task(task.Id()) + "/history")).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
        await (await outsider.Client.PostJson(other.Task(task.Id()) + "/comments", new { body = "hi" }))
            .ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"body\": \"   \"}")]
    [InlineData("{\"body\": null}")]
    public async Task Empty_comments_are_400(string body)
    {
        var project = await factory.NewProjectAsync();
        var task = await project.Owner.CreateTaskAsync(project, "Quiet");
        await (await project.Owner.Client.SendRaw(HttpMethod.Post, project.Task(task.Id()) + "/comments", body))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await project.Owner.Client.PostJson(project.Task(task.Id()) + "/comments", new { body = new string('x', 10001) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await project.Owner.Client.SendRaw(HttpMethod.Post, project.Task(task.Id()) + "/comments", "{\"body\": [1]}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task History_names_each_status_and_assignee_change_with_actor_and_time()
    {
        var project = await factory.NewProjectAsync();
        var lead = await factory.JoinAsync(project, "Lena Lead", "member", "lead");
        var dev = await factory.JoinAsync(project, "Dan Dev", "member", "developer");
        var reader = await factory.JoinAsync(project, "Reader");
        var task = await lead.CreateTaskAsync(project, "Tracked");
        await (await lead.PatchTask(project.Task(task.Id()), new { assignee_id = dev.Id, title = "Tracked and assigned" })).Expect(HttpStatusCode.OK);
        await (await dev.PatchTask(project.Task(task.Id()), new { status = "in_progress" })).Expect(HttpStatusCode.OK);
        await (await dev.PatchTask(project.Task(task.Id()), new { description = "not history" })).Expect(HttpStatusCode.OK);

        var history = await (await reader.Client.GetAsync(project.Task(task.Id()) + "/history")).Expect(HttpStatusCode.OK);
        var items = history["items"]!.AsArray();
        Assert.Equal(3, (long)history["total"]!);
        Assert.Equal(["status", "assignee", "status"], items.Select(i => (string)i!["field"]!));

        Assert.Null(items[0]!["from_status"]);
        Assert.Equal("open", (string?)items[0]!["to_status"]);
        Assert.Null(items[1]!["from_assignee_id"]);
        Assert.Equal(dev.Id, (long)items[1]!["to_assignee_id"]!);
        Assert.Equal("Lena Lead", (string?)items[1]!["actor_name"]);
        Assert.Equal("open", (string?)items[2]!["from_status"]);
        Assert.Equal("in_progress", (string?)items[2]!["to_status"]);
        Assert.Equal(dev.Id, (long)items[2]!["actor_id"]!);
        Assert.Equal("Dan Dev", (string?)items[2]!["actor_name"]);
        Assert.True(DateTime.UtcNow - (DateTime)items[2]!["created_at"]! < TimeSpan.FromMinutes(5));

        var paged = await (await reader.Client.GetAsync(project.Task(task.Id()) + "/history?page=2&page_size=2")).Expect(HttpStatusCode.OK);
        Assert.Single(paged["items"]!.AsArray());
        await (await reader.Client.GetAsync(project.Task(task.Id()) + "/history?page_size=0")).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
    }
}
