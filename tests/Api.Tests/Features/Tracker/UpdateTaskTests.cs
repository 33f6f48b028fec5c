using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Tracker;

public sealed class UpdateTaskTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    /// <summary>A project with a lead, a developer, a tester, a plain member and an admin, and one task.</summary>
    private sealed record Team(TrackerProject Project, Dictionary<string, TestUser> People, long TaskId)
    {
        public string Url => Project.Task(TaskId);
    }

    /// <summary>
    /// The task is created by the lead; with <paramref name="ownedBy"/> it is assigned to that person instead of
    /// nobody, and it stands in <paramref name="status"/>.
    /// </summary>
    private async Task<Team> TeamAsync(string status = "open", string? ownedBy = null)
    {
        var project = await factory.NewProjectAsync();
        var people = new Dictionary<string, TestUser>
        {
            ["owner"] = project.Owner,
            ["lead"] = await factory.JoinAsync(project, "Lead", "member", "lead"),
            ["developer"] = await factory.JoinAsync(project, "Dev", "member", "developer"),
            ["tester"] = await factory.JoinAsync(project, "Tess", "member", "tester"),
            ["member"] = await factory.JoinAsync(project, "Mem"),
            ["admin"] = await factory.JoinAsync(project, "Ada", "admin"),
        };
        var task = await people["lead"].CreateTaskAsync(project, "The task", assigneeId: ownedBy is null ? null : people[ownedBy].Id);
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("update project_tasks set status = @status where id = @id", new { status, id = task.Id() });
        return new Team(project, people, task.Id());
    }

    [Theory]
    // the lead moves and edits any task
    [InlineData("lead", null, "open", "in_progress", 200, null)]
    [InlineData("lead", null, "review", "done", 200, null)]
    // the developer moves own tasks, not others', and does not decide reviews
    [InlineData("developer", "developer", "open", "in_progress", 200, null)]
    [InlineData("developer", "developer", "in_progress", "review", 200, null)]
    [InlineData("developer", "developer", "in_progress", "paused", 200, null)]
    [InlineData("developer", "developer", "review", "done", 403, "tasks.review")]
    [InlineData("developer", "tester", "open", "in_progress", 403, "tasks.edit_any")]
    [InlineData("developer", null, "open", "in_progress", 403, "tasks.edit_any")]
    // the tester decides reviews and nothing else
    [InlineData("tester", "developer", "review", "done", 200, null)]
    [InlineData("tester", "developer", "review", "in_progress", 200, null)]
    [InlineData("tester", "tester", "in_progress", "review", 403, "tasks.edit_any")]
    [InlineData("tester", "developer", "open", "in_progress", 403, "tasks.edit_any")]
    // a plain member reads only
    [InlineData("member", "member", "open", "in_progress", 403, "tasks.edit_any")]
    [InlineData("member", "member", "review", "done", 403, "tasks.review")]
    // admin and owner do everything
    [InlineData("admin", null, "open", "in_progress", 200, null)]
    [InlineData("admin", "developer", "review", "done", 200, null)]
    [InlineData("owner", null, "paused", "canceled", 200, null)]
    [InlineData("owner", "developer", "review", "in_progress", 200, null)]
    public async Task Status_moves_follow_the_role_matrix(string actor, string? ownedBy, string from, string to, int expected, string? permission)
    {
        var team = await TeamAsync(from, ownedBy);
        var response = await team.People[actor].PatchTask(team.Url, new { status = to });
        if (expected == 200)
        {
            var task = await response.Expect(HttpStatusCode.OK);
            Assert.Equal(to, (string?)task["status"]);
            Assert.Equal(2, (int)task["version"]!);
        }
        else
        {
            var problem = await response.ExpectProblem((HttpStatusCode)expected, "permission_denied");
            Assert.Equal(permission, (string?)problem["permission"]);
        }
    }

    [Theory]
    [InlineData("lead", null, 200)]
    [InlineData("developer", "developer", 200)]
    [InlineData("developer", null, 403)]
    [InlineData("tester", "tester", 403)]
    [InlineData("member", "member", 403)]
    [InlineData("admin", null, 200)]
    [InlineData("owner", null, 200)]
    public async Task Editing_the_title_follows_the_role_matrix(string actor, string? ownedBy, int expected)
    {
        var team = await TeamAsync("open", ownedBy);
        var response = await team.People[actor].PatchTask(team.Url, new { title = "Renamed", description = "Now with words" });
        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        if (expected == 403)
            Assert.Equal("tasks.edit_any", (string?)(await response.ReadNode())["permission"]);
    }

    [Theory]
    [InlineData("lead", 200)]
    [InlineData("admin", 200)]
    [InlineData("owner", 200)]
    [InlineData("developer", 403)]
    [InlineData("tester", 403)]
    [InlineData("member", 403)]
    public async Task Assigning_needs_the_assign_right(string actor, int expected)
    {
        var team = await TeamAsync("open", "developer");
        var response = await team.People[actor].PatchTask(team.Url, new { assignee_id = team.People["tester"].Id });
        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        if (expected == 403)
            Assert.Equal("tasks.assign", (string?)(await response.ReadNode())["permission"]);
    }

    [Fact]
    public async Task A_developer_may_take_an_unassigned_task_they_created_but_not_hand_it_on()
    {
        var team = await TeamAsync("open", "developer");
        var dev = team.People["developer"];
        var sub = await dev.CreateTaskAsync(team.Project, "Split off", parentId: team.TaskId);

        var taken = await (await dev.PatchTask(team.Project.Task(sub.Id()), new { assignee_id = dev.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal(dev.Id, (long)taken["assignee_id"]!);
        var problem = await (await dev.PatchTask(team.Project.Task(sub.Id()), new { assignee_id = team.People["tester"].Id }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal("tasks.assign", (string?)problem["permission"]);
        await (await dev.PatchTask(team.Project.Task(sub.Id()), new { assignee_id = (long?)null }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
    }

    [Fact]
    public async Task A_move_outside_the_workflow_is_409_invalid_transition()
    {
        var team = await TeamAsync("open");
        var problem = await (await team.Project.Owner.PatchTask(team.Url, new { status = "done" }))
            .ExpectProblem(HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal("open", (string?)problem["from"]);
        Assert.Equal("done", (string?)problem["to"]);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal("open", await db.QuerySingleAsync<string>("select status from project_tasks where id = @id", new { id = team.TaskId }));
    }

    [Fact]
    public async Task Sending_the_current_values_changes_nothing_and_keeps_the_version()
    {
        var team = await TeamAsync("open");
        var lead = team.People["lead"];
        var same = await lead.PatchTask(team.Url, new { status = "open", title = "The task" });
        var task = await same.Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int)task["version"]!);
        Assert.Equal($"\"{team.TaskId}-1\"", same.ETag());
        await (await lead.PatchTask(team.Url, new { })).Expect(HttpStatusCode.OK);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(0, await db.QuerySingleAsync<int>(
            "select count(*) from audit_events where space_id = @p and action = 'task.updated'", new { p = team.Project.Id }));
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_present_and_null_clears()
    {
        var team = await TeamAsync("open", "developer");
        var lead = team.People["lead"];
        await (await lead.PatchTask(team.Url, new { description = "Words" })).Expect(HttpStatusCode.OK);

        var renamed = await (await lead.PatchTask(team.Url, new { title = "Renamed" })).Expect(HttpStatusCode.OK);
        Assert.Equal("Words", (string?)renamed["description"]);
        Assert.Equal(team.People["developer"].Id, (long)renamed["assignee_id"]!);

        var cleared = await (await lead.Client.SendRaw(HttpMethod.Patch, team.Url, "{\"description\": null, \"assignee_id\": null}"))
            .Expect(HttpStatusCode.OK);
        Assert.Null(cleared["description"]);
        Assert.Null(cleared["assignee_id"]);
        Assert.Equal("Renamed", (string?)cleared["title"]);
        Assert.Equal(4, (int)cleared["version"]!);
    }

    [Fact]
    public async Task Put_replaces_the_task_and_clears_what_is_left_out()
    {
        var team = await TeamAsync("open", "developer");
        var lead = team.People["lead"];
        await (await lead.PatchTask(team.Url, new { description = "Words" })).Expect(HttpStatusCode.OK);

        var response = await lead.PutTask(team.Url, new { title = "Replaced", status = "in_progress" }, $"\"{team.TaskId}-2\"");
        var task = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("Replaced", (string?)task["title"]);
        Assert.Equal("in_progress", (string?)task["status"]);
        Assert.Null(task["description"]);
        Assert.Null(task["assignee_id"]);
        Assert.Equal($"\"{team.TaskId}-3\"", response.ETag());

        await (await lead.PutTask(team.Url, new { title = "No status" })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await lead.PutTask(team.Url, new { title = "Replaced", status = "in_progress" }, $"\"{team.TaskId}-2\""))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
    }

    [Fact]
    public async Task If_match_must_match_when_sent()
    {
        var team = await TeamAsync("open");
        var lead = team.People["lead"];
        var etag = (await lead.Client.GetAsync(team.Url)).ETag();

        await (await lead.PatchTask(team.Url, new { title = "x" }, $"\"{team.TaskId}-7\"")).ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        await (await lead.PatchTask(team.Url, new { title = "x" }, "W/" + etag)).ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        await (await lead.PatchTask(team.Url, new { title = "x" }, "garbage")).ExpectProblem(HttpStatusCode.BadRequest, "etag_malformed");

        var ok = await lead.PatchTask(team.Url, new { title = "First" }, etag);
        await ok.Expect(HttpStatusCode.OK);
        await (await lead.PatchTask(team.Url, new { title = "Second" }, etag)).ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        await (await lead.PatchTask(team.Url, new { title = "Third" }, ok.ETag())).Expect(HttpStatusCode.OK);
        await (await lead.PatchTask(team.Url, new { title = "Any" }, "*")).Expect(HttpStatusCode.OK);
        await (await lead.PatchTask(team.Url, new { title = "Blind" })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_concurrent_patches_with_the_same_if_match_one_wins_the_other_gets_412()
    {
        for (var round = 0; round < 5; round++)
        {
            var team = await TeamAsync("open");
            var lead = team.People["lead"];
            var admin = team.People["admin"];
            var etag = (await lead.Client.GetAsync(team.Url)).ETag();

            var responses = await Task.WhenAll(
                lead.PatchTask(team.Url, new { status = "in_progress" }, etag),
                admin.PatchTask(team.Url, new { title = "Admin's title" }, etag));

            var codes = responses.Select(r => r.StatusCode).Order().ToList();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], codes);
            await using var db = await factory.OpenDatabaseAsync();
            Assert.Equal(2, await db.QuerySingleAsync<int>("select version from project_tasks where id = @id", new { id = team.TaskId }));
        }
    }

    [Fact]
    public async Task Status_and_assignee_changes_write_history_and_every_change_an_audit_event()
    {
        var team = await TeamAsync("open");
        var lead = team.People["lead"];
        var dev = team.People["developer"];
        await (await lead.PatchTask(team.Url, new { assignee_id = dev.Id })).Expect(HttpStatusCode.OK);
        await (await dev.PatchTask(team.Url, new { status = "in_progress" })).Expect(HttpStatusCode.OK);
        await (await dev.PatchTask(team.Url, new { title = "Only the title" })).Expect(HttpStatusCode.OK);

        await using var db = await factory.OpenDatabaseAsync();
        var history = (await db.QueryAsync<(string Field, string? FromStatus, string? ToStatus, long? ToAssigneeId, long ActorId)>("""
            select field, from_status, to_status, to_assignee_id, actor_id
            from project_task_history where task_id = @id order by id
            """, new { id = team.TaskId })).ToList();
        Assert.Equal(
        [
            ("status", null, "open", null, lead.Id),
            ("assignee", null, null, dev.Id, lead.Id),
            ("status", "open", "in_progress", null, dev.Id),
        ], history);

        var audit = (await db.QueryAsync<string>(
            "select action from audit_events where space_id = @p and entity_id = @id order by id",
            new { p = team.Project.Id, id = team.TaskId.ToString() })).ToList();
        Assert.Equal(["task.created", "task.updated", "task.updated", "task.updated"], audit);
    }

    [Fact]
    public async Task The_assignee_must_be_a_member_and_leaving_the_project_unassigns()
    {
        var team = await TeamAsync("open", "developer");
        var lead = team.People["lead"];
        var outsider = await factory.RegisterAndLoginAsync("Outsider");
        await (await lead.PatchTask(team.Url, new { assignee_id = outsider.Id })).ExpectProblem(HttpStatusCode.BadRequest, "assignee_not_member");

        await factory.RemoveMemberAsync(team.Project, team.People["developer"]);
        var task = await (await lead.Client.GetAsync(team.Url)).Expect(HttpStatusCode.OK);
        Assert.Null(task["assignee_id"]);
    }

    [Fact]
    public async Task Outsiders_and_tasks_of_other_projects_are_404()
    {
        var team = await TeamAsync("open");
        var other = await factory.NewProjectAsync();
        var outsider = await factory.RegisterAndLoginAsync("Outsider");
        await (await outsider.PatchTask(team.Url, new { title = "x" })).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
        await (await other.Owner.PatchTask(other.Task(team.TaskId), new { title = "x" })).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await other.Owner.PutTask(other.Task(team.TaskId), new { title = "x", status = "open" })).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
    }

    [Theory]
    [InlineData("{\"status\": \"bogus\"}", "malformed_json")]
    [InlineData("{\"status\": 2}", "malformed_json")]
    [InlineData("{\"status\": null}", "validation_failed")]
    [InlineData("{\"title\": \"\"}", "validation_failed")]
    [InlineData("{\"title\": null}", "validation_failed")]
    [InlineData("{\"assignee_id\": -1}", "validation_failed")]
    [InlineData("{\"assignee_id\": \"me\"}", "malformed_json")]
    [InlineData("[]", "malformed_json")]
    [InlineData("{", "malformed_json")]
    public async Task Junk_patches_are_400_never_500(string body, string code)
    {
        var team = await TeamAsync("open");
        await (await team.People["lead"].Client.SendRaw(HttpMethod.Patch, team.Url, body)).ExpectProblem(HttpStatusCode.BadRequest, code);
    }
}
