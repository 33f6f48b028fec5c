using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.JoinRequests;

public sealed class ApproveJoinRequestTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
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
}
