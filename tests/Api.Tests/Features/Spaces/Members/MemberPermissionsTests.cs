using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.Members;

public sealed class MemberPermissionsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Member_permissions_list_the_catalog_with_sources_and_direct_grants_switch_on_and_off()
    {
        var (owner, id, url) = await factory.OwnedProjectAsync();
        var user = await factory.RegisterAndLoginAsync();
        var admin = await factory.RegisterAndLoginAsync();
        await factory.AddMemberAsync(owner, url, admin, "admin");
        await factory.AddMemberAsync(owner, url, user, "member", [await factory.GroupIdAsync(id, "tester")]);
        await (await owner.Client.PostJson($"{url}/permissions", new { code = "reports.export" })).Expect(HttpStatusCode.Created);

        var granted = await (await admin.Client.PutAsync($"{url}/members/{user.Id}/permissions/tasks.review", null)).Expect(HttpStatusCode.OK);
        Assert.Equal(["tasks.review"], granted["direct_permissions"].Strings());
        await (await admin.Client.PutAsync($"{url}/members/{user.Id}/permissions/reports.export", null)).Expect(HttpStatusCode.OK);

        var list = (await user.GetAsync($"{url}/members/{user.Id}/permissions")).AsArray();
        var review = list.Single(p => (string?)p!["code"] == "tasks.review")!;
        Assert.True((bool)review["granted"]!);
        Assert.Equal(["tester"], review["sources"]!["groups"].Strings());
        Assert.True((bool)review["sources"]!["direct"]!);
        Assert.False((bool)review["sources"]!["role"]!);
        Assert.False((bool)list.Single(p => (string?)p!["code"] == "tasks.delete")!["granted"]!);
        Assert.True((bool)list.Single(p => (string?)p!["code"] == "reports.export")!["is_custom"]!);
        Assert.DoesNotContain(list, p => (string?)p!["code"] == "deals.manage_all");

        await (await admin.Client.DeleteAsync($"{url}/members/{user.Id}/permissions/tasks.review")).Expect(HttpStatusCode.OK);
        list = (await user.GetAsync($"{url}/members/{user.Id}/permissions")).AsArray();
        Assert.False((bool)list.Single(p => (string?)p!["code"] == "tasks.review")!["sources"]!["direct"]!);

        await (await admin.Client.PutAsync($"{url}/members/{user.Id}/permissions/deals.manage_all", null)).ExpectProblem(HttpStatusCode.NotFound, "permission_not_found");
        await (await admin.Client.PutAsync($"{url}/members/{user.Id}/permissions/admins.manage", null)).ExpectProblem(HttpStatusCode.Forbidden);
        await (await admin.Client.PutAsync($"{url}/members/{admin.Id}/permissions/admins.manage", null)).ExpectProblem(HttpStatusCode.Forbidden);
        var denied = await (await user.Client.PutAsync($"{url}/members/{user.Id}/permissions/tasks.delete", null)).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("permissions.grant", (string?)denied["permission"]);
        await (await admin.Client.GetAsync($"{url}/members/999999999/permissions")).ExpectProblem(HttpStatusCode.NotFound, "member_not_found");

        var log = await owner.GetAsync($"{url}/audit-log");
        Assert.Contains(log["items"]!.AsArray(), e => (string?)e!["action"] == "grant.added");
        Assert.Contains(log["items"]!.AsArray(), e => (string?)e!["action"] == "grant.removed");
    }
}
