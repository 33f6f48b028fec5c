using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces;

public sealed class JoinRequestTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_request_is_approved_with_role_and_groups_and_the_user_becomes_a_member()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var user = await factory.RegisterAndLoginAsync();
        var id = await owner.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}";
        var request = await (await user.Client.PostJson($"{url}/join-requests", new { message = "Let me in" })).Expect(HttpStatusCode.Created);
        var requestId = (long)request["id"]!;
        Assert.Equal("pending", (string?)request["status"]);

        await (await user.Client.PostJson($"{url}/join-requests", new { })).ExpectProblem(HttpStatusCode.Conflict, "join_request_pending");
        var pending = await owner.GetAsync($"{url}/join-requests?status=pending");
        Assert.Equal(user.Id, (long)pending["items"]![0]!["user"]!["id"]!);

        var tester = await factory.GroupIdAsync(id, "tester");
        var approved = await (await owner.Client.PostJson($"{url}/join-requests/{requestId}/approve", new { role = "manager", group_ids = new[] { tester } }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("approved", (string?)approved["status"]);
        Assert.Equal(owner.Id, (long)approved["decided_by"]!);
        var members = await owner.GetAsync($"{url}/members?role=manager&group={tester}");
        Assert.Equal(user.Id, (long)members["items"]![0]!["user"]!["id"]!);

        await (await owner.Client.PostJson($"{url}/join-requests/{requestId}/approve", new { })).ExpectProblem(HttpStatusCode.Conflict, "join_request_not_pending");
        await (await user.Client.PostJson($"{url}/join-requests", new { })).ExpectProblem(HttpStatusCode.Conflict, "already_member");
        var actions = (await owner.GetAsync($"{url}/audit-log"))["items"]!.AsArray().Select(e => (string)e!["action"]!).ToArray();
        Assert.Contains("join_request.created", actions);
        Assert.Contains("join_request.approved", actions);
        Assert.Contains("member.added", actions);
    }

    [Fact]
    public async Task A_request_is_rejected_with_a_reason_or_withdrawn_by_its_author()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var user = await factory.RegisterAndLoginAsync();
        var other = await factory.RegisterAndLoginAsync();
        var url = $"/api/v1/projects/{await owner.CreateProjectAsync()}";
        var first = (long)(await (await user.Client.PostJson($"{url}/join-requests", new { })).Expect(HttpStatusCode.Created))["id"]!;
        var rejected = await (await owner.Client.PostJson($"{url}/join-requests/{first}/reject", new { reason = "Full" })).Expect(HttpStatusCode.OK);
        Assert.Equal("rejected", (string?)rejected["status"]);
        Assert.Equal("Full", (string?)rejected["reason"]);

        var second = (long)(await (await user.Client.PostJson($"{url}/join-requests", new { })).Expect(HttpStatusCode.Created))["id"]!;
        await (await other.Client.DeleteAsync($"/api/v1/me/join-requests/{second}")).ExpectProblem(HttpStatusCode.NotFound);
        var withdrawn = await (await user.Client.DeleteAsync($"/api/v1/me/join-requests/{second}")).Expect(HttpStatusCode.OK);
        Assert.Equal("withdrawn", (string?)withdrawn["status"]);
        await (await user.Client.DeleteAsync($"/api/v1/me/join-requests/{second}")).ExpectProblem(HttpStatusCode.Conflict);

        var mine = await user.GetAsync("/api/v1/me/join-requests");
        Assert.Equal(["withdrawn", "rejected"], mine["items"]!.AsArray().Select(r => (string)r!["status"]!));
    }

    [Fact]
    public async Task Private_spaces_other_spaces_and_reviewers_without_the_permission_are_refused()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var user = await factory.RegisterAndLoginAsync();
        var member = await factory.RegisterAndLoginAsync();
        var hidden = await owner.CreateProjectAsync("Hidden", "private");
        await (await user.Client.PostJson($"/api/v1/projects/{hidden}/join-requests", new { })).ExpectProblem(HttpStatusCode.NotFound);

        var a = await owner.CreateProjectAsync("A");
        var b = await owner.CreateProjectAsync("B");
        await factory.AddMemberAsync(owner, $"/api/v1/projects/{a}", member);
        var requestId = (long)(await (await user.Client.PostJson($"/api/v1/projects/{a}/join-requests", new { })).Expect(HttpStatusCode.Created))["id"]!;
        await (await owner.Client.PostJson($"/api/v1/projects/{b}/join-requests/{requestId}/approve", new { })).ExpectProblem(HttpStatusCode.NotFound, "join_request_not_found");
        var denied = await (await member.Client.PostJson($"/api/v1/projects/{a}/join-requests/{requestId}/approve", new { })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("join_requests.review", (string?)denied["permission"]);
        await (await member.Client.GetAsync($"/api/v1/projects/{a}/join-requests")).ExpectProblem(HttpStatusCode.Forbidden);
        await (await owner.Client.GetAsync($"/api/v1/projects/{a}/join-requests?status=maybe")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"/api/v1/projects/{a}/join-requests/{requestId}/approve", new { role = "owner" })).ExpectProblem(HttpStatusCode.BadRequest);
        var foreignGroup = await factory.GroupIdAsync(b, "lead");
        await (await owner.Client.PostJson($"/api/v1/projects/{a}/join-requests/{requestId}/approve", new { group_ids = new[] { foreignGroup } }))
            .ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        await (await user.Client.PostJson($"/api/v1/projects/{a}/join-requests", new { message = new string('m', 2001) })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await factory.Anonymous().GetAsync("/api/v1/me/join-requests")).ExpectProblem(HttpStatusCode.Unauthorized);
    }
}
