using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces;

/// <summary>The seeded role sets, as SPEC §3 describes them.</summary>
public sealed class RoleSetTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task<string[]> SetOf(string role)
    {
        await using var db = await factory.OpenDatabaseAsync();
        return (await db.QueryAsync<string>("select code from role_permissions where role = @role order by code", new { role })).ToArray();
    }

    [Fact]
    public async Task Admins_hold_every_system_code_but_admins_manage()
    {
        await using var db = await factory.OpenDatabaseAsync();
        var all = (await db.QueryAsync<string>("select code from permissions order by code")).ToArray();
        Assert.Equal(all.Where(c => c != "admins.manage"), await SetOf("admin"));
    }

    [Fact]
    public async Task Managers_hold_content_codes_and_none_of_the_space_administration()
    {
        var manager = await SetOf("manager");
        Assert.Contains("deals.manage_all", manager);
        Assert.Contains("tasks.edit_any", manager);
        foreach (var code in new[] { "space.update", "space.delete", "members.manage", "groups.manage", "permissions.manage",
                     "permissions.grant", "join_requests.review", "invitations.manage", "audit.read", "admins.manage" })
            Assert.DoesNotContain(code, manager);
    }

    [Fact]
    public async Task Members_hold_no_role_permissions() => Assert.Empty(await SetOf("member"));
}
