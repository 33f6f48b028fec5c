using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Crm;

/// <summary>Brief 001's scenario end to end: sign-up with an organization → a member → contact → deal → task → changes → timeline → analytics.</summary>
public sealed class CrmScenarioTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task The_brief_scenario_works_end_to_end()
    {
        var org = await factory.NewOrganizationAsync("Acme Inc", "Alice Owner");
        var bob = await factory.AddMemberAsync(org, "member", "Bob Member");

        var contact = (long)(await (await bob.Client.PostJson("/api/v1/contacts",
            new { name = "John Doe", email = "john.doe@example.com", phone = "+123456789" })).Expect(HttpStatusCode.Created))["id"]!;
        var deal = (long)(await (await bob.Client.PostJson("/api/v1/deals",
            new { contact_id = contact, title = "Website redesign", amount = 10000.0, currency = "EUR" })).Expect(HttpStatusCode.Created))["id"]!;
        var task = await (await bob.Client.PostJson("/api/v1/tasks", new
        {
            deal_id = deal, title = "Call client", description = "Discuss proposal details",
            due_date = DateTime.UtcNow.Date.AddDays(1).ToString("yyyy-MM-dd"),
        })).Expect(HttpStatusCode.Created);

        await (await bob.Client.PatchJson($"/api/v1/deals/{deal}", new { status = "in_progress", stage = "negotiation" })).Expect(HttpStatusCode.OK);
        await (await bob.Client.PatchJson($"/api/v1/deals/{deal}", new { stage = "proposal" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "stage_rollback_forbidden");
        await (await org.Owner.Client.PatchJson($"/api/v1/deals/{deal}", new { stage = "proposal" })).Expect(HttpStatusCode.OK);
        await (await bob.Client.PatchJson($"/api/v1/deals/{deal}", new { status = "won", stage = "closed" })).Expect(HttpStatusCode.OK);
        await (await bob.Client.PatchJson($"/api/v1/tasks/{(long)task["id"]!}", new { is_done = true })).Expect(HttpStatusCode.OK);
        await (await org.Owner.Client.PostJson($"/api/v1/deals/{deal}/activities",
            new { type = "comment", payload = new { text = "Client requested updated proposal" } })).Expect(HttpStatusCode.Created);
        await (await bob.Client.DeleteAsync($"/api/v1/contacts/{contact}")).ExpectProblem(HttpStatusCode.Conflict, "contact_has_deals");

        var timeline = await (await bob.Client.GetAsync($"/api/v1/deals/{deal}/activities")).Expect(HttpStatusCode.OK);
        Assert.Equal(
            ["comment", "system", "stage_changed", "status_changed", "stage_changed", "stage_changed", "status_changed", "task_created", "system"],
            timeline["items"]!.AsArray().Select(i => (string?)i!["type"]));

        var summary = await (await bob.Client.GetAsync("/api/v1/analytics/deals/summary")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (long)summary["by_status"]!["won"]!["count"]!);
        Assert.Equal(10000m, (decimal)summary["won_average_amount"]!);
        Assert.Equal(1, (long)summary["new_deals_last_days"]!);
        var funnel = await (await bob.Client.GetAsync("/api/v1/analytics/deals/funnel")).Expect(HttpStatusCode.OK);
        Assert.Equal([1L, 1L, 1L, 1L], funnel["stages"]!.AsArray().Select(s => (long)s!["reached"]!));
        Assert.Equal(100.0, (double)funnel["stages"]![0]!["conversion_to_next"]!);
        Assert.Equal(1, (long)funnel["stages"]![3]!["by_status"]!["won"]!);
    }
}
