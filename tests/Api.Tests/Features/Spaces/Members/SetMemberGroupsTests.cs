using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.Members;

public sealed class SetMemberGroupsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Set_groups_replaces_them_and_a_caller_cannot_hand_out_a_permission_they_lack()
    {
        var (owner, id, url) = await factory.OwnedProjectAsync();
        var admin = await factory.RegisterAndLoginAsync();
        var user = await factory.RegisterAndLoginAsync();
        await factory.AddMemberAsync(owner, url, admin, "admin");
        await factory.AddMemberAsync(owner, url, user);
        var lead = await factory.GroupIdAsync(id, "lead");
        var tester = await factory.GroupIdAsync(id, "tester");
        var super = await owner.CreateGroupAsync(url, "super", "admins.manage");

        var set = await (await admin.Client.PutJson($"{url}/members/{user.Id}/groups", new { group_ids = new[] { lead, tester } })).Expect(HttpStatusCode.OK);
        Assert.Equal(["lead", "tester"], set["groups"]!.AsArray().Select(g => (string)g!["name"]!));
        set = await (await admin.Client.PutJson($"{url}/members/{user.Id}/groups", new { group_ids = new[] { tester } })).Expect(HttpStatusCode.OK);
        Assert.Equal(["tester"], set["groups"]!.AsArray().Select(g => (string)g!["name"]!));

        var denied = await (await admin.Client.PutJson($"{url}/members/{user.Id}/groups", new { group_ids = new[] { super } })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("admins.manage", (string?)denied["permission"]);
        await (await admin.Client.PutJson($"{url}/members/{user.Id}/groups", new { })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await admin.Client.PutJson($"{url}/members/999999999/groups", new { group_ids = Array.Empty<long>() })).ExpectProblem(HttpStatusCode.NotFound);
        await (await user.Client.PutJson($"{url}/members/{user.Id}/groups", new { group_ids = new[] { lead } })).ExpectProblem(HttpStatusCode.Forbidden);
    }
}
