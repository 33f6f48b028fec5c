using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Crm;

/// <summary>The CRM rights of each role, as the permission engine reads them from the seeded role_permissions.</summary>
public sealed class CrmRoleMatrixTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Theory]
    [InlineData("owner", true, true)]
    [InlineData("admin", true, true)]
    [InlineData("manager", true, false)]
    [InlineData("member", false, false)]
    public async Task Roles_hold_the_crm_rights_of_the_matrix(string role, bool manageAll, bool rollback)
    {
        var org = await factory.NewOrganizationAsync();
        var userId = role == "owner" ? org.Owner.Id : (await factory.AddMemberAsync(org, role)).Id;
        await using var db = await factory.OpenDatabaseAsync();
        var member = await PermissionEngine.FindMemberAsync(db, SpaceKind.Organization, org.Id, userId, CancellationToken.None);

        Assert.NotNull(member);
        Assert.Equal(manageAll, member.Has("contacts.manage_all"));
        Assert.Equal(manageAll, member.Has("deals.manage_all"));
        Assert.Equal(manageAll, member.Has("deal_tasks.manage_all"));
        Assert.Equal(rollback, member.Has("deals.stage_rollback"));
    }
}
