using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Tracker;

/// <summary>A member who leaves is unassigned by the database; the change is still recorded and changes the ETag.</summary>
public sealed class MemberLeavesTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Leaving_unassigns_the_task_records_history_and_bumps_the_version()
    {
        var project = await factory.NewProjectAsync();
        var dev = await factory.JoinAsync(project, "Dev", "member", "developer");
        var task = await project.Owner.CreateTaskAsync(project, "Build it", assigneeId: dev.Id);
        var before = await project.Owner.Client.GetAsync(project.Task(task.Id()));
        var etag = before.ETag();

        await (await project.Owner.Client.DeleteAsync($"/api/v1/projects/{project.Id}/members/{dev.Id}")).Expect(HttpStatusCode.NoContent);

        var after = await project.Owner.Client.GetAsync(project.Task(task.Id()));
        var body = await after.Expect(HttpStatusCode.OK);
        Assert.Null(body["assignee_id"]);
        Assert.NotEqual(etag, after.ETag());
        await (await project.Owner.GetIfNoneMatch(project.Task(task.Id()), etag)).Expect(HttpStatusCode.OK);

        var history = await (await project.Owner.Client.GetAsync(project.Task(task.Id()) + "/history")).Expect(HttpStatusCode.OK);
        var last = history["items"]!.AsArray().Last()!;
        Assert.Equal("assignee", (string?)last["field"]);
        Assert.Equal(dev.Id, (long?)last["from_assignee_id"]);
        Assert.Null(last["to_assignee_id"]);
        Assert.Null(last["actor_id"]);
    }

    [Fact]
    public async Task A_slice_unassigning_writes_one_history_row_not_two()
    {
        var project = await factory.NewProjectAsync();
        var dev = await factory.JoinAsync(project, "Dev", "member", "developer");
        var task = await project.Owner.CreateTaskAsync(project, "Build it", assigneeId: dev.Id);

        await (await project.Owner.PatchTask(project.Task(task.Id()), new { assignee_id = (long?)null })).Expect(HttpStatusCode.OK);

        var history = await (await project.Owner.Client.GetAsync(project.Task(task.Id()) + "/history")).Expect(HttpStatusCode.OK);
        var unassignments = history["items"]!.AsArray().Count(h => (string?)h!["field"] == "assignee" && h["to_assignee_id"] is null);
        Assert.Equal(1, unassignments);
        Assert.Equal(project.Owner.Id, (long?)history["items"]!.AsArray().Last()!["actor_id"]);
    }
}
