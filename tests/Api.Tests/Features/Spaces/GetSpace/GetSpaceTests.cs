using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.GetSpace;

public sealed class GetSpaceTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_public_project_is_readable_by_anyone_signed_in_and_a_private_one_is_404_to_outsiders()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var stranger = await factory.RegisterAndLoginAsync();
        var open = await owner.CreateProjectAsync("Open", "public");
        var closed = await owner.CreateProjectAsync("Closed", "private");

        var seen = await stranger.GetAsync($"/api/v1/projects/{open}");
        Assert.Null((string?)seen["role"]);
        await (await stranger.Client.GetAsync($"/api/v1/projects/{closed}")).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
        // the id of a project under /organizations is not found either
        await (await owner.Client.GetAsync($"/api/v1/organizations/{open}")).ExpectProblem(HttpStatusCode.NotFound, "organization_not_found");
        await (await owner.Client.GetAsync("/api/v1/projects/999999999")).ExpectProblem(HttpStatusCode.NotFound);
        await (await owner.Client.GetAsync("/api/v1/projects/abc")).Expect(HttpStatusCode.NotFound);
    }
}
