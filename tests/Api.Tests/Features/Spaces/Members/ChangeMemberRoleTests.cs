using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.Members;

public sealed class ChangeMemberRoleTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Only_the_owner_makes_changes_or_removes_admins_and_nobody_demotes_or_removes_the_owner()
    {
        var (owner, _, url) = await factory.OwnedProjectAsync();
        var admin = await factory.RegisterAndLoginAsync();
        var other = await factory.RegisterAndLoginAsync();
        var third = await factory.RegisterAndLoginAsync();
        await factory.AddMemberAsync(owner, url, admin, "admin");
        await factory.AddMemberAsync(owner, url, other, "member");
        await factory.AddMemberAsync(owner, url, third, "admin");

        var denied = await (await admin.Client.PatchJson($"{url}/members/{other.Id}", new { role = "admin" })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("admins.manage", (string?)denied["permission"]);
        await (await admin.Client.PatchJson($"{url}/members/{third.Id}", new { role = "member" })).ExpectProblem(HttpStatusCode.Forbidden);
        await (await admin.Client.DeleteAsync($"{url}/members/{third.Id}")).ExpectProblem(HttpStatusCode.Forbidden);
        await (await admin.Client.PatchJson($"{url}/members/{owner.Id}", new { role = "member" })).ExpectProblem(HttpStatusCode.Conflict, "owner_immutable");
        await (await admin.Client.DeleteAsync($"{url}/members/{owner.Id}")).ExpectProblem(HttpStatusCode.Conflict, "owner_immutable");
        await (await owner.Client.DeleteAsync($"{url}/members/{owner.Id}")).ExpectProblem(HttpStatusCode.Conflict, "owner_cannot_leave");
        await (await owner.Client.PatchJson($"{url}/members/{owner.Id}", new { role = "admin" })).ExpectProblem(HttpStatusCode.Conflict, "owner_immutable");

        var promoted = await (await admin.Client.PatchJson($"{url}/members/{other.Id}", new { role = "manager" })).Expect(HttpStatusCode.OK);
        Assert.Equal("manager", (string?)promoted["role"]);
        await (await owner.Client.PatchJson($"{url}/members/{other.Id}", new { role = "admin" })).Expect(HttpStatusCode.OK);
        await (await owner.Client.PatchJson($"{url}/members/{other.Id}", new { role = "owner" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PatchJson($"{url}/members/999999999", new { role = "member" })).ExpectProblem(HttpStatusCode.NotFound, "member_not_found");

        var log = await owner.GetAsync($"{url}/audit-log?action=member.role_changed");
        Assert.Equal("member", (string?)log["items"]![1]!["before"]!["role"]);
        Assert.Equal("manager", (string?)log["items"]![1]!["after"]!["role"]);
    }
}
