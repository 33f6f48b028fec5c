using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces;

public sealed class GroupsOfAnotherSpaceTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_group_of_another_project_is_not_found_in_group_ids()
    {
        var (owner, _, url) = await factory.OwnedProjectAsync();
        var other = await owner.CreateProjectAsync("Other");
        var foreignGroup = await factory.GroupIdAsync(other, "lead");
        var user = await factory.RegisterAndLoginAsync();
        await (await owner.Client.GetAsync($"{url}/groups/{foreignGroup}")).ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        Assert.Equal("lead", (string?)(await owner.GetAsync($"/api/v1/projects/{other}/groups/{foreignGroup}"))["name"]);

        await (await owner.Client.PostJson($"{url}/members", new { user_id = user.Id, role = "member", group_ids = new[] { foreignGroup } }))
            .ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        await factory.AddMemberAsync(owner, url, user);
        await (await owner.Client.PutJson($"{url}/members/{user.Id}/groups", new { group_ids = new[] { foreignGroup } }))
            .ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        await (await owner.Client.PutJson($"{url}/groups/{foreignGroup}/permissions/tasks.comment", null)).ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        await (await owner.Client.DeleteAsync($"{url}/groups/{foreignGroup}")).ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
    }
}
