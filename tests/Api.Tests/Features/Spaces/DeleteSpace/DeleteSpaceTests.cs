using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.DeleteSpace;

public sealed class DeleteSpaceTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Delete_needs_space_delete_and_leaves_the_audit_events()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var admin = await factory.RegisterAndLoginAsync();
        var member = await factory.RegisterAndLoginAsync();
        var id = await owner.CreateOrganizationAsync();
        var url = $"/api/v1/organizations/{id}";
        await factory.AddMemberAsync(owner, url, member);

        var denied = await (await member.Client.DeleteAsync(url)).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("space.delete", (string?)denied["permission"]);
        await (await admin.Client.DeleteAsync(url)).ExpectProblem(HttpStatusCode.NotFound);
        await (await owner.Client.DeleteAsync(url)).Expect(HttpStatusCode.NoContent);
        await (await owner.Client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1L, await Dapper.SqlMapper.QuerySingleAsync<long>(db,
            "select count(*) from audit_events where space_id = @id and action = 'space.deleted'", new { id }));
    }
}
