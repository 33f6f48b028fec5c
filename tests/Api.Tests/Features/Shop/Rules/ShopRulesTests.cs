using Atrium.Api.Features.Shop.Rules;

namespace Atrium.Api.Tests.Features.Shop.Rules;

public sealed class ShopRulesTests
{
    [Theory]
    [InlineData("pending", "paid", true)]
    [InlineData("pending", "failed", true)]
    [InlineData("failed", "pending", true)]
    [InlineData("failed", "paid", true)]
    [InlineData("paid", "refunded", true)]
    [InlineData("paid", "paid", true)]
    [InlineData("paid", "pending", false)]
    [InlineData("paid", "failed", false)]
    [InlineData("pending", "refunded", false)]
    [InlineData("refunded", "paid", false)]
    [InlineData("refunded", "pending", false)]
    public void Payments_move_only_along_the_allowed_paths(string from, string to, bool allowed) =>
        Assert.Equal(allowed, PaymentStatuses.CanMove(from, to));

    [Theory]
    [InlineData(false, false, false, new[] { "view" })]
    [InlineData(true, false, false, new[] { "view", "update" })]
    [InlineData(false, true, false, new[] { "view", "archive" })]
    [InlineData(true, true, false, new[] { "view", "update", "archive" })]
    [InlineData(true, true, true, new[] { "view" })]
    public void Allowed_actions_follow_staff_the_archive_permission_and_the_archive_state(bool staff, bool mayArchive, bool archived, string[] expected) =>
        Assert.Equal(expected, ShopActions.For(staff, mayArchive, archived));
}
