using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.JoinRequests;

public sealed class CreateJoinRequestTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
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
