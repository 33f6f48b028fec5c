using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Features.Crm.DealTasks.Rules;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.DealTasks;

public sealed class UpdateTaskTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
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
}
