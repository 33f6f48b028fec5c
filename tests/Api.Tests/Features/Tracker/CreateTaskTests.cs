using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Tracker;

public sealed class CreateTaskTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_lead_creates_a_top_level_task_that_starts_open_with_an_etag()
    {
        var project = await factory.NewProjectAsync();
        var lead = await factory.JoinAsync(project, "Lena", "member", "lead");

        var response = await lead.Client.PostJson(project.Tasks, new { title = "  Ship it  ", description = "Before Friday" });
        var task = await response.Expect(HttpStatusCode.Created);

        Assert.Equal("Ship it", (string?)task["title"]);
        Assert.Equal("open", (string?)task["status"]);
        Assert.Null(task["parent_id"]);
        Assert.Equal(lead.Id, (long)task["created_by"]!);
        Assert.Equal(1, (int)task["version"]!);
        Assert.Equal($"\"{task.Id()}-1\"", response.ETag());
        Assert.Equal(project.Task(task.Id()), response.Headers.Location?.ToString());
    }

    [Theory]
    [InlineData("member", "developer")]
    [InlineData("member", "tester")]
    [InlineData("member", null)]
    public async Task Without_create_root_a_top_level_task_is_403(string role, string? group)
    {
        var project = await factory.NewProjectAsync();
        var someone = await factory.JoinAsync(project, "Someone", role, group is null ? [] : [group]);
        var problem = await (await someone.Client.PostJson(project.Tasks, new { title = "Mine" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal("tasks.create_root", (string?)problem["permission"]);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("manager")]
    public async Task Admins_managers_and_the_owner_create_top_level_tasks_without_groups(string role)
    {
        var project = await factory.NewProjectAsync();
        var boss = await factory.JoinAsync(project, "Boss", role);
        await boss.CreateTaskAsync(project, "By role");
        await project.Owner.CreateTaskAsync(project, "By the owner");
    }

    [Fact]
    public async Task A_developer_creates_subtasks_under_own_tasks_only()
    {
        var project = await factory.NewProjectAsync();
        var lead = await factory.JoinAsync(project, "Lead", "member", "lead");
        var dev = await factory.JoinAsync(project, "Dev", "member", "developer");
        var assigned = await lead.CreateTaskAsync(project, "For dev", assigneeId: dev.Id);
        var foreign = await lead.CreateTaskAsync(project, "Not for dev");

        var sub = await dev.CreateTaskAsync(project, "Split off", parentId: assigned.Id());
        Assert.Equal(assigned.Id(), (long)sub["parent_id"]!);
        var subOfSub = await (await dev.Client.PostJson(project.Task(sub.Id()), new { title = "Deeper" })).Expect(HttpStatusCode.Created);
        Assert.Equal(sub.Id(), (long)subOfSub["parent_id"]!);

        var problem = await (await dev.Client.PostJson(project.Task(foreign.Id()), new { title = "Nope" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal("tasks.create_subtask_any", (string?)problem["permission"]);
        await (await dev.Client.PostJson(project.Tasks, new { title = "Nope", parent_id = foreign.Id() }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");

        await lead.CreateTaskAsync(project, "Lead anywhere", parentId: sub.Id());
    }

    [Fact]
    public async Task Parent_id_zero_is_a_top_level_task()
    {
        var project = await factory.NewProjectAsync();
        var task = await project.Owner.CreateTaskAsync(project, "Root", parentId: 0);
        Assert.Null(task["parent_id"]);
    }

    [Fact]
    public async Task A_parent_in_another_project_is_not_found()
    {
        var project = await factory.NewProjectAsync();
        var other = await factory.NewProjectAsync();
        var foreign = await other.Owner.CreateTaskAsync(other, "Elsewhere");

        await (await project.Owner.Client.PostJson(project.Tasks, new { title = "Sub", parent_id = foreign.Id() }))
            .ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await project.Owner.Client.PostJson(project.Task(foreign.Id()), new { title = "Sub" }))
            .ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
    }

    [Fact]
    public async Task Outsiders_get_404_even_on_public_projects_and_organizations_are_not_projects()
    {
        var project = await factory.NewProjectAsync("public");
        var task = await project.Owner.CreateTaskAsync(project, "Secret plan");
        var outsider = await factory.RegisterAndLoginAsync("Outsider");

        await (await outsider.Client.PostJson(project.Tasks, new { title = "Hi" })).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
        await (await outsider.Client.GetAsync(project.Task(task.Id()))).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");

        await using var db = await factory.OpenDatabaseAsync();
        var org = await db.QuerySingleAsync<long>("select create_space('organization', 'Acme', null, 'private', @owner)", new { owner = outsider.Id });
        await (await outsider.Client.PostJson($"/api/v1/projects/{org}/tasks", new { title = "Hi" }))
            .ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
    }

    [Fact]
    public async Task Assigning_at_creation_needs_assign_except_to_oneself_and_only_to_members()
    {
        var project = await factory.NewProjectAsync();
        var lead = await factory.JoinAsync(project, "Lead", "member", "lead");
        var dev = await factory.JoinAsync(project, "Dev", "member", "developer");
        var outsider = await factory.RegisterAndLoginAsync("Outsider");
        var parent = await lead.CreateTaskAsync(project, "Epic", assigneeId: dev.Id);

        var mine = await dev.CreateTaskAsync(project, "Taking it", parentId: parent.Id(), assigneeId: dev.Id);
        Assert.Equal(dev.Id, (long)mine["assignee_id"]!);

        var problem = await (await dev.Client.PostJson(project.Tasks, new { title = "For lead", parent_id = parent.Id(), assignee_id = lead.Id }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal("tasks.assign", (string?)problem["permission"]);

        var notMember = await (await lead.Client.PostJson(project.Tasks, new { title = "Stranger", assignee_id = outsider.Id }))
            .ExpectProblem(HttpStatusCode.BadRequest, "assignee_not_member");
        Assert.NotNull(notMember["errors"]!["assignee_id"]);
    }

    [Fact]
    public async Task Creation_writes_history_and_an_audit_event()
    {
        var project = await factory.NewProjectAsync();
        var dev = await factory.JoinAsync(project, "Dev", "member", "developer");
        var task = await project.Owner.CreateTaskAsync(project, "Audited", assigneeId: dev.Id);

        await using var db = await factory.OpenDatabaseAsync();
        var history = (await db.QueryAsync<(string Field, string? ToStatus, long? ToAssigneeId, long ActorId)>(
            "select field, to_status, to_assignee_id, actor_id from project_task_history where task_id = @id order by id",
            new { id = task.Id() })).ToList();
        Assert.Equal([("status", "open", null, project.Owner.Id), ("assignee", null, dev.Id, project.Owner.Id)], history);

        var audit = await db.QuerySingleAsync<(string Action, string EntityId, string After)>(
            "select action, entity_id, after::text from audit_events where space_id = @project and entity_type = 'task'",
            new { project = project.Id });
        Assert.Equal("task.created", audit.Action);
        Assert.Equal(task.Id().ToString(), audit.EntityId);
        Assert.Contains("\"title\": \"Audited\"", audit.After);
    }

    [Fact]
    public async Task A_task_is_read_by_any_member_with_its_etag_and_304_when_unchanged()
    {
        var project = await factory.NewProjectAsync();
        var member = await factory.JoinAsync(project, "Reader");
        var task = await project.Owner.CreateTaskAsync(project, "Readable");

        var response = await member.Client.GetAsync(project.Task(task.Id()));
        var read = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("Readable", (string?)read["title"]);
        var etag = response.ETag();
        Assert.Equal($"\"{task.Id()}-1\"", etag);

        var again = await member.GetIfNoneMatch(project.Task(task.Id()), etag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(etag, again.ETag());

        await (await member.Client.GetAsync(project.Task(task.Id() + 1000))).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
    }

    [Theory]
    [InlineData("{}", "validation_failed")]
    [InlineData("{\"title\": \"   \"}", "validation_failed")]
    [InlineData("{\"title\": null}", "validation_failed")]
    [InlineData("{\"title\": 5}", "malformed_json")]
    [InlineData("{\"title\": \"x\", \"parent_id\": \"abc\"}", "malformed_json")]
    [InlineData("{\"title\": \"x\", \"parent_id\": -4}", "validation_failed")]
    [InlineData("{\"title\": \"x\", \"assignee_id\": 0}", "validation_failed")]
    [InlineData("{\"title\": \"x\", \"assignee_id\": 99999999999999999999}", "malformed_json")]
    [InlineData("[1, 2]", "malformed_json")]
    [InlineData("not json", "malformed_json")]
    [InlineData("null", "malformed_request")]
    public async Task Junk_is_400_never_500(string body, string code)
    {
        var project = await factory.NewProjectAsync();
        await (await project.Owner.Client.SendRaw(HttpMethod.Post, project.Tasks, body)).ExpectProblem(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Too_long_titles_and_descriptions_are_400()
    {
        var project = await factory.NewProjectAsync();
        await (await project.Owner.Client.PostJson(project.Tasks, new { title = new string('t', 301) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await project.Owner.Client.PostJson(project.Tasks, new { title = "ok", description = new string('d', 20001) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Theory]
    [InlineData("/api/v1/projects/abc/tasks")]
    [InlineData("/api/v1/projects/99999999999999999999/tasks")]
    [InlineData("/api/v1/projects/-1/tasks/1")]
    public async Task Junk_ids_in_the_path_are_not_found(string url)
    {
        var user = await factory.RegisterAndLoginAsync("Prober");
        var response = await user.Client.PostJson(url, new { title = "x" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
