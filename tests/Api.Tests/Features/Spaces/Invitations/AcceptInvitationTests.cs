using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces.Invitations;

public sealed class AcceptInvitationTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task An_invitation_to_an_account_is_accepted_and_makes_a_member_with_role_and_groups()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var user = await factory.RegisterAndLoginAsync();
        await factory.AcquaintAsync(owner, user);
        var id = await owner.CreateProjectAsync("Invite", "private");
        var url = $"/api/v1/projects/{id}";
        var lead = await factory.GroupIdAsync(id, "lead");
        var invitation = await (await owner.Client.PostJson($"{url}/invitations", new { user_id = user.Id, role = "manager", group_ids = new[] { lead } }))
            .Expect(HttpStatusCode.Created);
        var invitationId = (long)invitation["id"]!;
        var expires = (DateTime)invitation["expires_at"]!;
        Assert.InRange((expires - DateTime.UtcNow).TotalDays, 6.9, 7.1);

        await (await owner.Client.PostJson($"{url}/invitations", new { email = user.Email, role = "member" })).ExpectProblem(HttpStatusCode.Conflict, "invitation_pending");
        var mine = await user.GetAsync("/api/v1/me/invitations");
        Assert.Equal(invitationId, (long)mine["items"]![0]!["id"]!);
        Assert.Equal(1, (int)mine["total"]!);

        var member = await (await user.Client.PostAsync($"/api/v1/invitations/{invitationId}/accept", null)).Expect(HttpStatusCode.OK);
        Assert.Equal("manager", (string?)member["role"]);
        Assert.Equal("lead", (string?)member["groups"]![0]!["name"]);
        await (await user.Client.PostAsync($"/api/v1/invitations/{invitationId}/accept", null)).ExpectProblem(HttpStatusCode.Conflict, "invitation_not_pending");
        await (await owner.Client.PostJson($"{url}/invitations", new { user_id = user.Id, role = "member" })).ExpectProblem(HttpStatusCode.Conflict, "already_member");
        var actions = (await owner.GetAsync($"{url}/audit-log"))["items"]!.AsArray().Select(e => (string)e!["action"]!).ToArray();
        Assert.Contains("invitation.created", actions);
        Assert.Contains("invitation.accepted", actions);
    }

    [Fact]
    public async Task Someone_elses_invitation_is_404_and_declined_revoked_or_expired_ones_cannot_be_accepted()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var user = await factory.RegisterAndLoginAsync();
        await factory.AcquaintAsync(owner, user);
        var intruder = await factory.RegisterAndLoginAsync();
        var url = $"/api/v1/projects/{await owner.CreateProjectAsync()}";

        var first = (long)(await (await owner.Client.PostJson($"{url}/invitations", new { user_id = user.Id, role = "member" })).Expect(HttpStatusCode.Created))["id"]!;
        await (await intruder.Client.PostAsync($"/api/v1/invitations/{first}/accept", null)).ExpectProblem(HttpStatusCode.NotFound, "invitation_not_found");
        var declined = await (await user.Client.PostAsync($"/api/v1/invitations/{first}/decline", null)).Expect(HttpStatusCode.OK);
        Assert.Equal("declined", (string?)declined["status"]);

        var second = (long)(await (await owner.Client.PostJson($"{url}/invitations", new { user_id = user.Id, role = "member" })).Expect(HttpStatusCode.Created))["id"]!;
        await (await owner.Client.DeleteAsync($"{url}/invitations/{second}")).Expect(HttpStatusCode.NoContent);
        await (await owner.Client.DeleteAsync($"{url}/invitations/{second}")).ExpectProblem(HttpStatusCode.Conflict);
        await (await user.Client.PostAsync($"/api/v1/invitations/{second}/accept", null)).ExpectProblem(HttpStatusCode.Conflict, "invitation_not_pending");

        var third = (long)(await (await owner.Client.PostJson($"{url}/invitations", new { user_id = user.Id, role = "member" })).Expect(HttpStatusCode.Created))["id"]!;
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update invitations set created_at = now() - interval '10 days', expires_at = now() - interval '1 day' where id = @third", new { third });
        Assert.Empty((await user.GetAsync("/api/v1/me/invitations"))["items"]!.AsArray());
        await (await user.Client.PostAsync($"/api/v1/invitations/{third}/accept", null)).ExpectProblem(HttpStatusCode.Conflict, "invitation_expired");
        var expired = await owner.GetAsync($"{url}/invitations?status=expired");
        Assert.Equal(third, (long)expired["items"]![0]!["id"]!);
        // an expired invitation does not block a new one
        await (await owner.Client.PostJson($"{url}/invitations", new { user_id = user.Id, role = "member" })).Expect(HttpStatusCode.Created);
    }
}
