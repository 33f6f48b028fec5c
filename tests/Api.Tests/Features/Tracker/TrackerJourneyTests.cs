using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Tracker;

/// <summary>The tracker brief walked end to end through the API.</summary>
public sealed class TrackerJourneyTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Lead_assigns_developer_splits_and_delivers_tester_accepts_and_collisions_are_caught()
    {
        // a project with a lead, a developer and a tester
        var project = await factory.NewProjectAsync();
        var lead = await factory.JoinAsync(project, "Lena Lead", "member", "lead");
        var dev = await factory.JoinAsync(project, "Dan Dev", "member", "developer");
        var tester = await factory.JoinAsync(project, "Tom Tester", "member", "tester");

        // the lead creates a task and assigns it to the developer
        var created = await lead.Client.PostJson(project.Tasks, new { title = "Login page", description = "Form and validation" });
        var task = await created.Expect(HttpStatusCode.Created);
        var taskUrl = project.Task(task.Id());
        var assigned = await lead.PatchTask(taskUrl, new { assignee_id = dev.Id }, created.ETag());
        Assert.Equal(dev.Id, (long)(await assigned.Expect(HttpStatusCode.OK))["assignee_id"]!);

        // the developer may not create top-level tasks, but splits their own task and takes the subtask
        await (await dev.Client.PostJson(project.Tasks, new { title = "Side quest" })).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        var subResponse = await dev.Client.PostJson(taskUrl, new { title = "Password rules", assignee_id = dev.Id });
        var sub = await subResponse.Expect(HttpStatusCode.Created);
        var subUrl = project.Task(sub.Id());
        Assert.Equal(task.Id(), (long)sub["parent_id"]!);

        // the developer works on both and sends them to review; the tester cannot start work, only review
        await (await tester.PatchTask(taskUrl, new { status = "in_progress" })).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        foreach (var url in new[] { subUrl, taskUrl })
        {
            await (await dev.PatchTask(url, new { status = "in_progress" })).Expect(HttpStatusCode.OK);
            await (await dev.PatchTask(url, new { status = "review" })).Expect(HttpStatusCode.OK);
        }
        await (await dev.PatchTask(taskUrl, new { status = "done" })).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");

        // the tester sends the subtask back once, then accepts both
        await (await tester.PatchTask(subUrl, new { status = "in_progress" })).Expect(HttpStatusCode.OK);
        await (await tester.Client.PostJson(subUrl + "/comments", new { body = "Rules must allow passphrases." })).Expect(HttpStatusCode.Created);
        await (await dev.PatchTask(subUrl, new { status = "review" })).Expect(HttpStatusCode.OK);
        await (await dev.Client.PostJson(subUrl + "/comments", new { body = "Done, 8 to 72 bytes." })).Expect(HttpStatusCode.Created);
        await (await tester.PatchTask(subUrl, new { status = "done" })).Expect(HttpStatusCode.OK);
        await (await tester.PatchTask(taskUrl, new { status = "done" })).Expect(HttpStatusCode.OK);
        await (await lead.PatchTask(taskUrl, new { status = "open" })).ExpectProblem(HttpStatusCode.Conflict, "invalid_transition");

        // history and comments tell the story
        var history = await (await lead.Client.GetAsync(subUrl + "/history")).Expect(HttpStatusCode.OK);
        Assert.Equal(
            ["created→open", "assignee→" + dev.Id, "open→in_progress", "in_progress→review", "review→in_progress", "in_progress→review", "review→done"],
            history["items"]!.AsArray().Select(h => (string)h!["field"]! == "status"
                ? $"{(string?)h["from_status"] ?? "created"}→{(string)h["to_status"]!}"
                : $"assignee→{(long)h["to_assignee_id"]!}"));
        Assert.Equal(["Tom Tester", "Dan Dev"],
            history["items"]!.AsArray().Skip(4).Take(2).Select(h => (string)h!["actor_name"]!));
        var comments = await (await lead.Client.GetAsync(subUrl + "/comments")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Tom Tester", "Dan Dev"], comments["items"]!.AsArray().Select(c => (string)c!["author_name"]!));

        // the tree shows the task with its subtask, both done
        var tree = await (await tester.Client.GetAsync(project.Tasks + "?tree=true")).Expect(HttpStatusCode.OK);
        var root = tree["items"]!.AsArray().Single()!;
        Assert.Equal("done", (string?)root["status"]);
        Assert.Equal("done", (string?)root["children"]![0]!["status"]);

        // two people edit from the same read: the second write is refused, not lost
        var read = await lead.Client.GetAsync(taskUrl);
        var etag = read.ETag();
        var leadWrite = await lead.PatchTask(taskUrl, new { description = "Shipped in 1.2" }, etag);
        await leadWrite.Expect(HttpStatusCode.OK);
        await (await dev.PatchTask(taskUrl, new { description = "Shipped in 1.3" }, etag)).ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        var fresh = await dev.Client.GetAsync(taskUrl);
        Assert.Equal("Shipped in 1.2", (string?)(await fresh.Expect(HttpStatusCode.OK))["description"]);
        Assert.Equal(leadWrite.ETag(), fresh.ETag());
        await (await dev.PatchTask(taskUrl, new { description = "Shipped in 1.2, notes added" }, fresh.ETag())).Expect(HttpStatusCode.OK);
    }
}
