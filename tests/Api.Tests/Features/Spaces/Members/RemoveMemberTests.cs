using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.Members;

public sealed class RemoveMemberTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_member_leaves_by_removing_themselves_and_managers_may_remove_nobody()
    {
        var (owner, _, url) = await factory.OwnedProjectAsync();
        var member = await factory.RegisterAndLoginAsync();
        var manager = await factory.RegisterAndLoginAsync();
        await factory.AddMemberAsync(owner, url, member);
        await factory.AddMemberAsync(owner, url, manager, "manager");

        await (await manager.Client.DeleteAsync($"{url}/members/{member.Id}")).ExpectProblem(HttpStatusCode.Forbidden);
        await (await member.Client.DeleteAsync($"{url}/members/{member.Id}")).Expect(HttpStatusCode.NoContent);
        await (await member.Client.GetAsync($"{url}/members")).ExpectProblem(HttpStatusCode.NotFound);
        await (await owner.Client.DeleteAsync($"{url}/members/{manager.Id}")).Expect(HttpStatusCode.NoContent);
        var log = await owner.GetAsync($"{url}/audit-log");
        Assert.Contains(log["items"]!.AsArray(), e => (string?)e!["action"] == "member.left");
        Assert.Contains(log["items"]!.AsArray(), e => (string?)e!["action"] == "member.removed");
    }
}
