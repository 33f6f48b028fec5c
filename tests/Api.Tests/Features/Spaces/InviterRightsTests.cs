using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces;

/// <summary>An invitation lasts only as long as its inviter may still make it.</summary>
public sealed class InviterRightsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task<(TestUser Owner, TestUser Admin, string Url)> OrganizationWithAdminAsync()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var admin = await factory.RegisterAndLoginAsync("Admin");
        var url = $"/api/v1/organizations/{await owner.CreateOrganizationAsync()}";
        await factory.AddMemberAsync(owner, url, admin, "admin");
        return (owner, admin, url);
    }

    private static async Task<long> InviteAsync(TestUser inviter, string url, TestUser invitee, string role = "manager") =>
        (long)(await (await inviter.Client.PostJson($"{url}/invitations", new { email = invitee.Email, role })).Expect(HttpStatusCode.Created))["id"]!;

    [Fact]
    public async Task Removing_the_inviter_revokes_their_pending_invitations_in_the_same_change()
    {
        var (owner, admin, url) = await OrganizationWithAdminAsync();
        var invitee = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Invitee"));
        var invitation = await InviteAsync(admin, url, invitee);

        await (await owner.Client.DeleteAsync($"{url}/members/{admin.Id}")).Expect(HttpStatusCode.NoContent);

        await (await invitee.Client.PostAsync($"/api/v1/invitations/{invitation}/accept", null))
            .ExpectProblem(HttpStatusCode.Conflict, "invitation_not_pending");
        Assert.Empty((await invitee.GetAsync("/api/v1/me/invitations"))["items"]!.AsArray());
        await (await invitee.Client.GetAsync($"{url}")).ExpectProblem(HttpStatusCode.NotFound);
        var log = await owner.GetAsync($"{url}/audit-log?action=invitation.revoked");
        Assert.Single(log["items"]!.AsArray());
    }

    [Fact]
    public async Task Lowering_the_inviters_role_revokes_their_pending_invitations()
    {
        var (owner, admin, url) = await OrganizationWithAdminAsync();
        var invitee = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Invitee"));
        var invitation = await InviteAsync(admin, url, invitee);

        await (await owner.Client.PatchJson($"{url}/members/{admin.Id}", new { role = "member" })).Expect(HttpStatusCode.OK);

        await (await invitee.Client.PostAsync($"/api/v1/invitations/{invitation}/accept", null))
            .ExpectProblem(HttpStatusCode.Conflict, "invitation_not_pending");
    }

    [Fact]
    public async Task Accepting_checks_again_that_the_inviter_may_still_invite_with_that_role()
    {
        var (owner, admin, url) = await OrganizationWithAdminAsync();
        var invitee = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Invitee"));
        var invitation = await InviteAsync(admin, url, invitee);
        // the inviter's rights shrink by a way that does not go through the membership routes
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update memberships set role = 'member' where user_id = @admin and role = 'admin'", new { admin = admin.Id });

        await (await invitee.Client.PostAsync($"/api/v1/invitations/{invitation}/accept", null))
            .ExpectProblem(HttpStatusCode.Conflict, "invitation_revoked");
        await (await invitee.Client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound);
        var revoked = await owner.GetAsync($"{url}/invitations?status=revoked");
        Assert.Equal(invitation, (long)revoked["items"]![0]!["id"]!);

        // an invitation whose inviter still may is accepted
        var second = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Second"));
        var fine = await InviteAsync(owner, url, second);
        await (await second.Client.PostAsync($"/api/v1/invitations/{fine}/accept", null)).Expect(HttpStatusCode.OK);
    }
}
