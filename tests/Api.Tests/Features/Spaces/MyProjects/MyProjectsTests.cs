using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.MyProjects;

public sealed class MyProjectsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task My_projects_show_role_groups_and_effective_permissions()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var dev = await factory.RegisterAndLoginAsync();
        var id = await owner.CreateProjectAsync();
        var developer = await factory.GroupIdAsync(id, "developer");
        await factory.AddMemberAsync(owner, $"/api/v1/projects/{id}", dev, "member", [developer]);

        var mine = await dev.GetAsync("/api/v1/me/projects");
        var item = mine["items"]!.AsArray().Single(p => (long)p!["project"]!["id"]! == id)!;
        Assert.Equal("member", (string?)item["role"]);
        Assert.Equal(["developer"], item["groups"]!.AsArray().Select(g => (string)g!["name"]!));
        Assert.Equal(["tasks.comment", "tasks.create_subtask_own", "tasks.edit_own"], item["effective_permissions"].Strings());
    }
}
