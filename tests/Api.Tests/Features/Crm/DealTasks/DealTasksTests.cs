using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Features.Crm.DealTasks.Rules;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.DealTasks;

public sealed class DealTasksTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static string Day(int fromToday) => DateTime.UtcNow.Date.AddDays(fromToday).ToString("yyyy-MM-dd");

    private static long[] IdsOf(JsonNode page) => page["items"]!.AsArray().Select(i => (long)i!["id"]!).ToArray();

    [Fact]
    public void Due_date_is_today_or_later()
    {
        var today = new DateOnly(2025, 1, 15);
        Assert.True(DealTaskRules.IsDueDateAllowed(today, today));
        Assert.True(DealTaskRules.IsDueDateAllowed(today.AddDays(1), today));
        Assert.True(DealTaskRules.IsDueDateAllowed(null, today));
        Assert.False(DealTaskRules.IsDueDateAllowed(today.AddDays(-1), today));
    }

    [Fact]
    public async Task Create_returns_201_writes_a_task_created_activity_and_an_audit_event()
    {
        var org = await factory.NewOrganizationAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());

        var task = await (await org.Owner.Client.PostJson("/api/v1/tasks",
            new { deal_id = deal, title = "Call client", description = "Discuss proposal details", due_date = Day(0) })).Expect(HttpStatusCode.Created);
        Assert.Equal(Day(0), (string?)task["due_date"]);
        Assert.False((bool)task["is_done"]!);
        var id = (long)task["id"]!;

        var timeline = await (await org.Owner.Client.GetAsync($"/api/v1/deals/{deal}/activities")).Expect(HttpStatusCode.OK);
        var created = timeline["items"]![0]!;
        Assert.Equal("task_created", (string?)created["type"]);
        Assert.Equal(id, (long)created["payload"]!["task_id"]!);
        Assert.Equal("Call client", (string?)created["payload"]!["title"]);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*)::int from audit_events where space_id = @org and action = 'deal_task.created' and entity_type = 'deal_task'",
            new { org = org.Id }));
    }

    [Fact]
    public async Task A_due_date_in_the_past_is_refused_on_create_and_on_change()
    {
        var org = await factory.NewOrganizationAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());
        await (await org.Owner.Client.PostJson("/api/v1/tasks", new { deal_id = deal, title = "Late", due_date = Day(-1) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "due_date_in_past");

        var task = (long)(await (await org.Owner.Client.PostJson("/api/v1/tasks", new { deal_id = deal, title = "Soon", due_date = Day(3) }))
            .Expect(HttpStatusCode.Created))["id"]!;
        await (await org.Owner.Client.PatchJson($"/api/v1/tasks/{task}", new { due_date = Day(-2) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "due_date_in_past");
    }

    [Fact]
    public async Task A_member_cannot_create_a_task_on_another_users_deal_but_a_manager_can()
    {
        var org = await factory.NewOrganizationAsync();
        var member = await factory.AddMemberAsync(org, "member");
        var manager = await factory.AddMemberAsync(org, "manager");
        var contact = await org.Owner.Client.CreateContactAsync();
        var ownersDeal = await org.Owner.Client.CreateDealIdAsync(contact);
        var membersDeal = await member.Client.CreateDealIdAsync(contact);

        var problem = await (await member.Client.PostJson("/api/v1/tasks", new { deal_id = ownersDeal, title = "Sneaky" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal("deal_tasks.manage_all", (string?)problem["permission"]);
        await (await member.Client.PostJson("/api/v1/tasks", new { deal_id = membersDeal, title = "Mine" })).Expect(HttpStatusCode.Created);
        await (await manager.Client.PostJson("/api/v1/tasks", new { deal_id = ownersDeal, title = "Managed" })).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_task_belongs_to_its_deals_owner()
    {
        var org = await factory.NewOrganizationAsync();
        var member = await factory.AddMemberAsync(org, "member");
        var contact = await org.Owner.Client.CreateContactAsync();
        var ownersDeal = await org.Owner.Client.CreateDealIdAsync(contact);
        var membersDeal = await member.Client.CreateDealIdAsync(contact);
        var ownersTask = (long)(await (await org.Owner.Client.PostJson("/api/v1/tasks", new { deal_id = ownersDeal, title = "O" })).Expect(HttpStatusCode.Created))["id"]!;
        // The owner (manage_all) adds a task on the member's deal: the member may then work on it.
        var taskOnMembersDeal = (long)(await (await org.Owner.Client.PostJson("/api/v1/tasks", new { deal_id = membersDeal, title = "M" })).Expect(HttpStatusCode.Created))["id"]!;

        await (await member.Client.PatchJson($"/api/v1/tasks/{ownersTask}", new { is_done = true })).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await member.Client.DeleteAsync($"/api/v1/tasks/{ownersTask}")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");

        var done = await (await member.Client.PatchJson($"/api/v1/tasks/{taskOnMembersDeal}", new { is_done = true })).Expect(HttpStatusCode.OK);
        Assert.True((bool)done["is_done"]!);
        Assert.NotNull(done["done_at"]);
        var reopened = await (await member.Client.PatchJson($"/api/v1/tasks/{taskOnMembersDeal}", new { is_done = false, title = "M2" })).Expect(HttpStatusCode.OK);
        Assert.Null(reopened["done_at"]);
        Assert.Equal("M2", (string?)reopened["title"]);
        await (await member.Client.DeleteAsync($"/api/v1/tasks/{taskOnMembersDeal}")).Expect(HttpStatusCode.NoContent);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(2, await db.QuerySingleAsync<int>(
            "select count(*)::int from audit_events where space_id = @org and action = 'deal_task.updated'", new { org = org.Id }));
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*)::int from audit_events where space_id = @org and action = 'deal_task.deleted'", new { org = org.Id }));
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*)::int from crm_activities where deal_id = @membersDeal and payload->>'event' = 'task_completed'", new { membersDeal }));
    }

    [Fact]
    public async Task Another_organizations_deal_or_task_is_not_found()
    {
        var org = await factory.NewOrganizationAsync();
        var other = await factory.NewOrganizationAsync("Other");
        var foreignDeal = await other.Owner.Client.CreateDealIdAsync(await other.Owner.Client.CreateContactAsync());
        var foreignTask = (long)(await (await other.Owner.Client.PostJson("/api/v1/tasks", new { deal_id = foreignDeal, title = "Theirs" }))
            .Expect(HttpStatusCode.Created))["id"]!;
        var client = org.Owner.Client;

        await (await client.PostJson("/api/v1/tasks", new { deal_id = foreignDeal, title = "X" })).ExpectProblem(HttpStatusCode.NotFound, "deal_not_found");
        await (await client.GetAsync($"/api/v1/tasks?deal_id={foreignDeal}")).ExpectProblem(HttpStatusCode.NotFound, "deal_not_found");
        await (await client.PatchJson($"/api/v1/tasks/{foreignTask}", new { is_done = true })).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await client.DeleteAsync($"/api/v1/tasks/{foreignTask}")).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        Assert.Equal(0, (long)(await (await client.GetAsync("/api/v1/tasks")).Expect(HttpStatusCode.OK))["total"]!);
    }

    [Fact]
    public async Task The_list_filters_by_deal_openness_and_due_dates()
    {
        var org = await factory.NewOrganizationAsync();
        var client = org.Owner.Client;
        var contact = await client.CreateContactAsync();
        var first = await client.CreateDealIdAsync(contact);
        var second = await client.CreateDealIdAsync(contact);
        async Task<long> Task(long deal, string title, int? days) =>
            (long)(await (await client.PostJson("/api/v1/tasks", new { deal_id = deal, title, due_date = days is null ? null : Day(days.Value) }))
                .Expect(HttpStatusCode.Created))["id"]!;
        var today = await Task(first, "today", 0);
        var later = await Task(first, "later", 10);
        var undated = await Task(second, "undated", null);
        var soon = await Task(second, "soon", 2);
        await (await client.PatchJson($"/api/v1/tasks/{soon}", new { is_done = true })).Expect(HttpStatusCode.OK);

        Assert.Equal([today, soon, later, undated], IdsOf(await (await client.GetAsync("/api/v1/tasks")).Expect(HttpStatusCode.OK)));
        Assert.Equal([today, later], IdsOf(await (await client.GetAsync($"/api/v1/tasks?deal_id={first}")).Expect(HttpStatusCode.OK)));
        Assert.Equal([today, later, undated], IdsOf(await (await client.GetAsync("/api/v1/tasks?only_open=true")).Expect(HttpStatusCode.OK)));
        Assert.Equal([today, soon], IdsOf(await (await client.GetAsync($"/api/v1/tasks?due_before={Day(2)}")).Expect(HttpStatusCode.OK)));
        Assert.Equal([soon, later], IdsOf(await (await client.GetAsync($"/api/v1/tasks?due_after={Day(1)}")).Expect(HttpStatusCode.OK)));
        var page = await (await client.GetAsync("/api/v1/tasks?page=2&page_size=3")).Expect(HttpStatusCode.OK);
        Assert.Equal([undated], IdsOf(page));
        Assert.Equal(4, (long)page["total"]!);
    }

    [Theory]
    [InlineData("due_before=tomorrow")]
    [InlineData("only_open=maybe")]
    [InlineData("deal_id=0")]
    [InlineData("page_size=500")]
    public async Task Bad_list_parameters_are_400(string parameters)
    {
        var org = await factory.NewOrganizationAsync();
        await (await org.Owner.Client.GetAsync("/api/v1/tasks?" + parameters)).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("{\"title\": \"T\"}")]
    [InlineData("{\"deal_id\": 1, \"title\": \"\"}")]
    [InlineData("{\"deal_id\": 1, \"title\": \"T\", \"due_date\": \"15.01.2025\"}")]
    [InlineData("{\"deal_id\": 1, \"title\": \"T\", \"due_date\": 20250115}")]
    [InlineData("{\"deal_id\": \"one\", \"title\": \"T\"}")]
    [InlineData("{\"deal_id\": 1, \"title\": \"a\\u0000b\"}")]
    public async Task Junk_tasks_are_400_never_500(string body)
    {
        var org = await factory.NewOrganizationAsync();
        await (await org.Owner.Client.SendRaw(HttpMethod.Post, "/api/v1/tasks", body)).ExpectProblem(HttpStatusCode.BadRequest);
    }
}
