using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.Groups;

public sealed class UpdateGroupTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Renaming_to_a_taken_name_is_409_and_members_without_groups_manage_get_403()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var member = await factory.RegisterAndLoginAsync();
        var id = await owner.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}";
        await factory.AddMemberAsync(owner, url, member);
        var lead = await factory.GroupIdAsync(id, "lead");

        await (await owner.Client.PatchJson($"{url}/groups/{lead}", new { name = "Tester" })).ExpectProblem(HttpStatusCode.Conflict, "group_name_taken");
        var denied = await (await member.Client.PostJson($"{url}/groups", new { name = "mine" })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("groups.manage", (string?)denied["permission"]);
        await (await member.Client.PutAsync($"{url}/groups/{lead}/permissions/tasks.delete", null)).ExpectProblem(HttpStatusCode.Forbidden);
        await (await member.Client.DeleteAsync($"{url}/groups/{lead}")).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal(3, (await member.GetAsync($"{url}/groups")).AsArray().Count);
    }
}
