using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces;

public sealed class AnonymousTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Theory]
    [InlineData("GET", "/api/v1/projects")]
    [InlineData("POST", "/api/v1/organizations")]
    [InlineData("GET", "/api/v1/organizations/me")]
    [InlineData("GET", "/api/v1/me/projects")]
    [InlineData("GET", "/api/v1/me/join-requests")]
    [InlineData("DELETE", "/api/v1/me/join-requests/1")]
    [InlineData("GET", "/api/v1/me/invitations")]
    [InlineData("POST", "/api/v1/invitations/1/decline")]
    [InlineData("GET", "/api/v1/projects/1")]
    [InlineData("PATCH", "/api/v1/organizations/1")]
    [InlineData("DELETE", "/api/v1/projects/1")]
    [InlineData("PATCH", "/api/v1/projects/1/members/2")]
    [InlineData("DELETE", "/api/v1/projects/1/members/2")]
    [InlineData("PUT", "/api/v1/projects/1/members/2/groups")]
    [InlineData("GET", "/api/v1/projects/1/members/2/permissions")]
    [InlineData("PUT", "/api/v1/projects/1/members/2/permissions/a.b")]
    [InlineData("DELETE", "/api/v1/projects/1/members/2/permissions/a.b")]
    [InlineData("GET", "/api/v1/organizations/1/groups")]
    [InlineData("GET", "/api/v1/organizations/1/groups/2")]
    [InlineData("GET", "/api/v1/projects/1/members/2")]
    [InlineData("POST", "/api/v1/organizations/1/groups")]
    [InlineData("PATCH", "/api/v1/organizations/1/groups/2")]
    [InlineData("DELETE", "/api/v1/organizations/1/groups/2")]
    [InlineData("PUT", "/api/v1/organizations/1/groups/2/permissions/a.b")]
    [InlineData("DELETE", "/api/v1/organizations/1/groups/2/permissions/a.b")]
    [InlineData("GET", "/api/v1/projects/1/permissions")]
    [InlineData("POST", "/api/v1/projects/1/permissions")]
    [InlineData("DELETE", "/api/v1/projects/1/permissions/a.b")]
    [InlineData("POST", "/api/v1/projects/1/join-requests")]
    [InlineData("GET", "/api/v1/projects/1/join-requests")]
    [InlineData("POST", "/api/v1/projects/1/join-requests/2/approve")]
    [InlineData("POST", "/api/v1/projects/1/join-requests/2/reject")]
    [InlineData("POST", "/api/v1/projects/1/invitations")]
    [InlineData("GET", "/api/v1/projects/1/invitations")]
    [InlineData("DELETE", "/api/v1/projects/1/invitations/2")]
    [InlineData("POST", "/api/v1/projects/1/transfer-ownership")]
    [InlineData("GET", "/api/v1/projects/1/audit-log")]
    public async Task Every_space_route_needs_a_session(string method, string url)
    {
        var response = await factory.Anonymous().SendRaw(new HttpMethod(method), url, "{}");
        await response.ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Junk_ids_and_codes_are_never_a_server_error()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var url = $"/api/v1/projects/{await owner.CreateProjectAsync()}";
        foreach (var path in new[] { $"{url}/members/99999999999999999999", $"{url}/groups/abc", "/api/v1/projects/-1", $"{url}/members/123456789", $"{url}/groups/123456789" })
            Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(path)).StatusCode);
        Assert.Equal(owner.Id, (long)(await owner.GetAsync($"{url}/members/{owner.Id}"))["user"]!["id"]!);
        await (await owner.Client.PutAsync($"{url}/members/{owner.Id}/permissions/{new string('x', 3000)}", null)).ExpectProblem(HttpStatusCode.NotFound);
        await (await owner.Client.PostJson($"{url}/members", new { user_id = -5, role = "member" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.SendRaw(HttpMethod.Post, $"{url}/members", "{\"user_id\":\"x\",\"role\":\"member\"}")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.SendRaw(HttpMethod.Put, $"{url}/members/{owner.Id}/groups", "{\"group_ids\":[1.5]}")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"{url}/members", new { user_id = owner.Id, role = "member", group_ids = new[] { -1L, long.MaxValue } }))
            .ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        await (await owner.Client.GetAsync($"{url}/members?group={long.MaxValue}")).ExpectProblem(HttpStatusCode.BadRequest);
    }
}
