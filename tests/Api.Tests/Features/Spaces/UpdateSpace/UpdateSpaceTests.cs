using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.UpdateSpace;

public sealed class UpdateSpaceTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Update_needs_space_update_and_is_audited()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var member = await factory.RegisterAndLoginAsync();
        var stranger = await factory.RegisterAndLoginAsync();
        var id = await owner.CreateProjectAsync("Before", "private");
        var url = $"/api/v1/projects/{id}";
        await factory.AddMemberAsync(owner, url, member);

        var changed = await (await owner.Client.PatchJson(url, new { name = "After", visibility = "public", description = "" })).Expect(HttpStatusCode.OK);
        Assert.Equal("After", (string?)changed["name"]);
        Assert.Equal("public", (string?)changed["visibility"]);

        var denied = await (await member.Client.PatchJson(url, new { name = "Mine" })).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal("space.update", (string?)denied["permission"]);
        await (await owner.Client.PatchJson(url, new { visibility = "x" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PatchJson("/api/v1/projects/999999999", new { name = "x" })).ExpectProblem(HttpStatusCode.NotFound);
        await (await stranger.Client.PatchJson(url, new { name = "x" })).ExpectProblem(HttpStatusCode.NotFound);

        var log = await owner.GetAsync($"{url}/audit-log?action=space.updated");
        var e = log["items"]![0]!;
        Assert.Equal("Before", (string?)e["before"]!["name"]);
        Assert.Equal("After", (string?)e["after"]!["name"]);
    }
}
