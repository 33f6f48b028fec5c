using Atrium.Api.Features.Spaces.Rules;
using Atrium.Api.Infrastructure.Permissions;

namespace Atrium.Api.Tests.Features.Spaces.Rules;

public sealed class SpaceRulesTests
{
    [Theory]
    [InlineData("reports.export", true)]
    [InlineData("a.b.c", true)]
    [InlineData("tasks.create_root", true)]
    [InlineData("x1.y_2", true)]
    [InlineData("reports", false)]
    [InlineData("Reports.export", false)]
    [InlineData("1reports.export", false)]
    [InlineData("reports.", false)]
    [InlineData(".export", false)]
    [InlineData("reports..export", false)]
    [InlineData("reports.ex-port", false)]
    [InlineData("reports export", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Permission_codes_are_dotted_lower_case_words(string? code, bool valid) =>
        Assert.Equal(valid, PermissionCodes.IsValid(code));

    [Fact]
    public void Permission_codes_are_at_most_100_characters()
    {
        Assert.True(PermissionCodes.IsValid("a." + new string('b', 98)));
        Assert.False(PermissionCodes.IsValid("a." + new string('b', 99)));
    }

    [Theory]
    [InlineData(null, "member", null)]
    [InlineData(null, "manager", null)]
    [InlineData("member", "manager", null)]
    [InlineData("manager", "member", null)]
    [InlineData("member", null, null)]
    [InlineData(null, "admin", "admins.manage")]
    [InlineData("member", "admin", "admins.manage")]
    [InlineData("admin", "member", "admins.manage")]
    [InlineData("admin", null, "admins.manage")]
    public void The_admin_role_is_guarded_by_admins_manage(string? from, string? to, string? needed) =>
        Assert.Equal(needed, RoleRules.ExtraPermissionFor(from, to));

    [Fact]
    public void Owner_is_never_assignable_and_always_protected()
    {
        Assert.False(RoleRules.IsAssignable(Roles.Owner));
        Assert.Equal([Roles.Admin, Roles.Manager, Roles.Member], RoleRules.Assignable);
        Assert.All(RoleRules.Assignable, r => Assert.True(RoleRules.IsAssignable(r)));
        Assert.True(RoleRules.IsProtected(Roles.Owner));
        Assert.False(RoleRules.IsProtected(Roles.Admin));
    }
}
