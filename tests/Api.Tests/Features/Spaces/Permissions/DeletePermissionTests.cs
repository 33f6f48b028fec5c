using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.Permissions;

public sealed class DeletePermissionTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_custom_code_of_another_space_is_not_found()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var a = await owner.CreateProjectAsync("A");
        var b = await owner.CreateProjectAsync("B");
        await (await owner.Client.PostJson($"/api/v1/projects/{a}/permissions", new { code = "only.in_a" })).Expect(HttpStatusCode.Created);
        var lead = await factory.GroupIdAsync(b, "lead");
        await (await owner.Client.PutAsync($"/api/v1/projects/{b}/groups/{lead}/permissions/only.in_a", null)).ExpectProblem(HttpStatusCode.NotFound);
        await (await owner.Client.DeleteAsync($"/api/v1/projects/{b}/permissions/only.in_a")).ExpectProblem(HttpStatusCode.NotFound);
    }
}
