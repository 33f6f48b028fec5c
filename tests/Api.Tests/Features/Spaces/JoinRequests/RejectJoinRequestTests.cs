using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.JoinRequests;

public sealed class RejectJoinRequestTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
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
}
