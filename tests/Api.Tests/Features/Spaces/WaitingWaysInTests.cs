using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces;

/// <summary>Becoming a member one way closes the other ways in that were still waiting, with audit events.</summary>
public sealed class WaitingWaysInTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Adding_a_member_directly_approves_their_join_request_and_revokes_their_invitation()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var user = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync());
        var id = await owner.CreateProjectAsync("Open", "public");
        var url = $"/api/v1/projects/{id}";
        var request = await (await user.Client.PostJson($"{url}/join-requests", new { message = "let me in" })).Expect(HttpStatusCode.Created);
        var invitation = await (await owner.Client.PostJson($"{url}/invitations", new { email = user.Email, role = "member" })).Expect(HttpStatusCode.Created);

        await factory.AddMemberAsync(owner, url, user);

        var approved = (await owner.GetAsync($"{url}/join-requests?status=approved"))["items"]!.AsArray();
        Assert.Contains(approved, r => (long)r!["id"]! == (long)request["id"]!);
        var revoked = (await owner.GetAsync($"{url}/invitations?status=revoked"))["items"]!.AsArray();
        Assert.Contains(revoked, i => (long)i!["id"]! == (long)invitation["id"]!);
        await (await user.Client.PostAsync($"/api/v1/invitations/{(long)invitation["id"]!}/accept", null))
            .ExpectProblem(HttpStatusCode.Conflict, "invitation_not_pending");

        var actions = (await owner.GetAsync($"{url}/audit-log"))["items"]!.AsArray().Select(e => (string)e!["action"]!).ToArray();
        Assert.Contains("join_request.approved", actions);
        Assert.Contains("invitation.revoked", actions);
    }

    [Fact]
    public async Task Accepting_an_invitation_withdraws_the_join_request_that_was_waiting()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var user = await factory.RegisterAndLoginAsync();
        await factory.AcquaintAsync(owner, user);
        var id = await owner.CreateProjectAsync("Open", "public");
        var url = $"/api/v1/projects/{id}";
        var request = await (await user.Client.PostJson($"{url}/join-requests", new { })).Expect(HttpStatusCode.Created);
        var invitation = await (await owner.Client.PostJson($"{url}/invitations", new { user_id = user.Id, role = "member" })).Expect(HttpStatusCode.Created);

        await (await user.Client.PostAsync($"/api/v1/invitations/{(long)invitation["id"]!}/accept", null)).Expect(HttpStatusCode.OK);

        var withdrawn = (await owner.GetAsync($"{url}/join-requests?status=withdrawn"))["items"]!.AsArray();
        Assert.Contains(withdrawn, r => (long)r!["id"]! == (long)request["id"]!);
        Assert.Empty((await owner.GetAsync($"{url}/join-requests?status=pending"))["items"]!.AsArray());
    }
}
