using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Tracker;

public sealed class DeleteTaskTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Deleting_a_task_removes_its_whole_subtree_with_history_and_comments_and_nothing_else()
    {
        var project = await factory.NewProjectAsync();
        var admin = await factory.JoinAsync(project, "Ada", "admin");
        var owner = project.Owner;
        var a = await owner.CreateTaskAsync(project, "A");
        var b = await owner.CreateTaskAsync(project, "B", parentId: a.Id());
        var c = await owner.CreateTaskAsync(project, "C", parentId: b.Id());
        var sibling = await owner.CreateTaskAsync(project, "Sibling");
        var keep = await owner.CreateTaskAsync(project, "Kept child", parentId: sibling.Id());
        await (await owner.Client.PostJson(project.Task(c.Id()) + "/comments", new { body = "deep comment" })).Expect(HttpStatusCode.Created);

        var etag = (await admin.Client.GetAsync(project.Task(a.Id()))).ETag();
        var deleted = await admin.DeleteTask(project.Task(a.Id()), etag);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        await (await owner.Client.GetAsync(project.Task(a.Id()))).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await owner.Client.GetAsync(project.Task(c.Id()))).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await owner.DeleteTask(project.Task(a.Id()))).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        var left = await (await owner.Client.GetAsync(project.Tasks)).Expect(HttpStatusCode.OK);
        Assert.Equal([sibling.Id(), keep.Id()], left["items"]!.AsArray().Select(i => (long)i!["id"]!));

        await using var db = await factory.OpenDatabaseAsync();
        var ids = new[] { a.Id(), b.Id(), c.Id() };
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*) from project_task_history where task_id = any(@ids)", new { ids }));
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*) from project_task_comments where task_id = any(@ids)", new { ids }));
        var audit = await db.QuerySingleAsync<string>(
            "select before::text from audit_events where space_id = @p and action = 'task.deleted'", new { p = project.Id });
        Assert.Contains($"\"subtask_ids\": [{b.Id()}, {c.Id()}]", audit);
    }

    [Theory]
    [InlineData("member", "lead")]
    [InlineData("member", "developer")]
    [InlineData("member", "tester")]
    [InlineData("member", null)]
    public async Task Deleting_needs_tasks_delete(string role, string? group)
    {
        var project = await factory.NewProjectAsync();
        var someone = await factory.JoinAsync(project, "Someone", role, group is null ? [] : [group]);
        var task = await project.Owner.CreateTaskAsync(project, "Keep me", assigneeId: someone.Id);

        var problem = await (await someone.DeleteTask(project.Task(task.Id()))).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal("tasks.delete", (string?)problem["permission"]);

        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("insert into member_permissions (space_id, user_id, code) values (@p, @u, 'tasks.delete')",
            new { p = project.Id, u = someone.Id });
        Assert.Equal(HttpStatusCode.NoContent, (await someone.DeleteTask(project.Task(task.Id()))).StatusCode);
    }

    [Fact]
    public async Task A_stale_if_match_keeps_the_task()
    {
        var project = await factory.NewProjectAsync();
        var task = await project.Owner.CreateTaskAsync(project, "Edited meanwhile");
        await (await project.Owner.PatchTask(project.Task(task.Id()), new { title = "Edited" })).Expect(HttpStatusCode.OK);

        await (await project.Owner.DeleteTask(project.Task(task.Id()), $"\"{task.Id()}-1\"")).ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        await (await project.Owner.Client.GetAsync(project.Task(task.Id()))).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Outsiders_and_other_projects_get_404()
    {
        var project = await factory.NewProjectAsync();
        var other = await factory.NewProjectAsync();
        var task = await project.Owner.CreateTaskAsync(project, "Mine");
        var outsider = await factory.RegisterAndLoginAsync("Outsider");

        await (await outsider.DeleteTask(project.Task(task.Id()))).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
        await (await other.Owner.DeleteTask(other.Task(task.Id()))).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await project.Owner.Client.GetAsync(project.Task(task.Id()))).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deleting_the_project_or_a_user_keeps_the_schema_consistent()
    {
        var project = await factory.NewProjectAsync();
        var dev = await factory.JoinAsync(project, "Dev", "member", "developer");
        var task = await project.Owner.CreateTaskAsync(project, "Parent", assigneeId: dev.Id);
        var sub = await dev.CreateTaskAsync(project, "Child", parentId: task.Id());
        await (await dev.Client.PostJson(project.Task(sub.Id()) + "/comments", new { body = "bye" })).Expect(HttpStatusCode.Created);

        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("delete from users where id = @id", new { id = dev.Id });
        var child = await db.QuerySingleAsync<(long? CreatedBy, long? AssigneeId)>(
            "select created_by, assignee_id from project_tasks where id = @id", new { id = sub.Id() });
        Assert.Equal((null, null), child);
        Assert.Null(await db.QuerySingleAsync<long?>("select assignee_id from project_tasks where id = @id", new { id = task.Id() }));
        Assert.Null(await db.QuerySingleAsync<long?>("select author_id from project_task_comments where task_id = @id", new { id = sub.Id() }));

        await db.ExecuteAsync("delete from spaces where id = @id", new { id = project.Id });
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*) from project_tasks where project_id = @id", new { id = project.Id }));
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*) from project_task_history where project_id = @id", new { id = project.Id }));
    }
}
