using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Tracker;

public sealed class TaskHistoryTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
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
