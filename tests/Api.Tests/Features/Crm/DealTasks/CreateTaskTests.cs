using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Features.Crm.DealTasks.Rules;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.DealTasks;

public sealed class CreateTaskTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
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
            new { deal_id = deal, title = "Call client", description = "Discuss proposal details", due_date = CrmWorld.Day(0) })).Expect(HttpStatusCode.Created);
        Assert.Equal(CrmWorld.Day(0), (string?)task["due_date"]);
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
        await (await org.Owner.Client.PostJson("/api/v1/tasks", new { deal_id = deal, title = "Late", due_date = CrmWorld.Day(-1) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "due_date_in_past");

        var task = (long)(await (await org.Owner.Client.PostJson("/api/v1/tasks", new { deal_id = deal, title = "Soon", due_date = CrmWorld.Day(3) }))
            .Expect(HttpStatusCode.Created))["id"]!;
        await (await org.Owner.Client.PatchJson($"/api/v1/tasks/{task}", new { due_date = CrmWorld.Day(-2) }))
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
