using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.ListProjects;

public sealed class ListProjectsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task The_directory_lists_public_projects_and_mine_with_member_counts_and_filters_by_name()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var other = await factory.RegisterAndLoginAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var open = await owner.CreateProjectAsync($"Open {tag}", "public");
        var hidden = await owner.CreateProjectAsync($"Hidden {tag}", "private");
        await factory.AddMemberAsync(owner, $"/api/v1/projects/{open}", other);

        var mine = await owner.GetAsync($"/api/v1/projects?q={tag}");
        Assert.Equal(2, (long)mine["total"]!);
        Assert.Equal(2, (long)mine["items"]!.AsArray().Single(p => (long)p!["id"]! == open)!["member_count"]!);

        var theirs = await other.GetAsync($"/api/v1/projects?q={tag}");
        Assert.Equal([open], theirs["items"]!.AsArray().Select(p => (long)p!["id"]!));
        Assert.DoesNotContain(theirs["items"]!.AsArray(), p => (long)p!["id"]! == hidden);

        var paged = await owner.GetAsync($"/api/v1/projects?q={tag}&page=2&page_size=1");
        Assert.Single(paged["items"]!.AsArray());
        Assert.Equal(2, (long)paged["total"]!);
        Assert.Equal("Open " + tag, (string?)paged["items"]![0]!["name"]);

        // wildcards in q are literal
        Assert.Equal(0, (long)(await owner.GetAsync("/api/v1/projects?q=%25%25%25zz_"))["total"]!);
        await (await owner.Client.GetAsync("/api/v1/projects?page_size=101")).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await owner.Client.GetAsync("/api/v1/projects?page=0")).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await owner.Client.GetAsync("/api/v1/projects?page=x")).ExpectProblem(HttpStatusCode.BadRequest);
    }
}
