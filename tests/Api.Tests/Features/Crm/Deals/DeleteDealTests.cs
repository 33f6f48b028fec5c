using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Deals;

public sealed class DeleteDealTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_member_changes_and_deletes_only_their_own_deals_and_a_manager_any()
    {
        var org = await factory.NewOrganizationAsync();
        var member = await factory.AddMemberAsync(org, "member");
        var manager = await factory.AddMemberAsync(org, "manager");
        var contact = await org.Owner.Client.CreateContactAsync();
        var ownersDeal = await org.Owner.Client.CreateDealIdAsync(contact);
        var membersDeal = await member.Client.CreateDealIdAsync(contact);

        var problem = await (await member.Client.PatchJson($"/api/v1/deals/{ownersDeal}", new { stage = "proposal" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal("deals.manage_all", (string?)problem["permission"]);
        await (await member.Client.DeleteAsync($"/api/v1/deals/{ownersDeal}")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await member.Client.PatchJson($"/api/v1/deals/{membersDeal}", new { stage = "proposal" })).Expect(HttpStatusCode.OK);
        await (await member.Client.PatchJson($"/api/v1/deals/{membersDeal}", new { owner_id = org.Owner.Id }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");

        await (await manager.Client.PatchJson($"/api/v1/deals/{ownersDeal}", new { status = "in_progress" })).Expect(HttpStatusCode.OK);
        var handed = await (await manager.Client.PatchJson($"/api/v1/deals/{membersDeal}", new { owner_id = manager.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal(manager.Id, (long)handed["owner_id"]!);
        await (await manager.Client.DeleteAsync($"/api/v1/deals/{ownersDeal}")).Expect(HttpStatusCode.NoContent);
        await (await org.Owner.Client.GetAsync($"/api/v1/deals/{ownersDeal}")).ExpectProblem(HttpStatusCode.NotFound, "deal_not_found");

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*)::int from audit_events where space_id = @org and action = 'deal.deleted'", new { org = org.Id }));
    }

    [Fact]
    public async Task Deleting_the_last_deal_frees_the_contact_for_deletion()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await org.Owner.Client.CreateContactAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(contact);
        await (await org.Owner.Client.DeleteAsync($"/api/v1/contacts/{contact}")).ExpectProblem(HttpStatusCode.Conflict, "contact_has_deals");
        await (await org.Owner.Client.DeleteAsync($"/api/v1/deals/{deal}")).Expect(HttpStatusCode.NoContent);
        await (await org.Owner.Client.DeleteAsync($"/api/v1/contacts/{contact}")).Expect(HttpStatusCode.NoContent);
    }
}
