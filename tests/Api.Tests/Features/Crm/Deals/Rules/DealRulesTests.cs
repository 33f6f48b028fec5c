using Atrium.Api.Features.Crm;
using Atrium.Api.Features.Crm.Deals.Rules;
using Atrium.Api.Infrastructure.Permissions;

namespace Atrium.Api.Tests.Features.Crm.Deals.Rules;

public sealed class DealRulesTests
{
    [Fact]
    public void The_pipeline_is_qualification_proposal_negotiation_closed()
    {
        Assert.Equal(["qualification", "proposal", "negotiation", "closed"], DealStages.Pipeline);
        Assert.Equal("proposal", DealStages.NextOf("qualification"));
        Assert.Null(DealStages.NextOf("closed"));
        Assert.False(DealStages.IsValid("won"));
    }

    [Theory]
    [InlineData("proposal", "qualification", true)]
    [InlineData("closed", "negotiation", true)]
    [InlineData("qualification", "closed", false)]
    [InlineData("proposal", "proposal", false)]
    [InlineData("proposal", "negotiation", false)]
    public void Backwards_is_a_rollback(string from, string to, bool rollback) =>
        Assert.Equal(rollback, DealStages.IsRollback(from, to));

    [Theory]
    [InlineData(0, DealRuleViolation.AmountMustBePositiveToWin)]
    [InlineData(0.01, DealRuleViolation.None)]
    public void A_deal_is_won_only_with_a_positive_amount(decimal amount, DealRuleViolation expected)
    {
        Assert.Equal(expected, DealRules.CheckNew(new DealState("won", "closed", amount)));
        Assert.Equal(expected, DealRules.CheckChange(new DealState("in_progress", "negotiation", amount),
            new DealState("won", "closed", amount), mayRollBackStage: false));
    }

    [Theory]
    [InlineData("new")]
    [InlineData("in_progress")]
    [InlineData("lost")]
    public void Other_statuses_accept_a_zero_amount(string status) =>
        Assert.Equal(DealRuleViolation.None, DealRules.CheckNew(new DealState(status, "qualification", 0)));

    [Fact]
    public void Lowering_a_won_deal_to_zero_breaks_the_rule() =>
        Assert.Equal(DealRuleViolation.AmountMustBePositiveToWin,
            DealRules.CheckChange(new DealState("won", "closed", 10), new DealState("won", "closed", 0), mayRollBackStage: true));

    [Theory]
    [InlineData(false, DealRuleViolation.StageRollbackForbidden)]
    [InlineData(true, DealRuleViolation.None)]
    public void Rolling_the_stage_back_needs_the_rollback_right(bool mayRollBack, DealRuleViolation expected) =>
        Assert.Equal(expected, DealRules.CheckChange(new DealState("in_progress", "negotiation", 5),
            new DealState("in_progress", "proposal", 5), mayRollBack));

    [Fact]
    public void Moving_forward_or_skipping_stages_needs_no_right() =>
        Assert.Equal(DealRuleViolation.None, DealRules.CheckChange(new DealState("new", "qualification", 0),
            new DealState("in_progress", "negotiation", 0), mayRollBackStage: false));

    /// <summary>The role matrix as the seeded role_permissions give it (checked against the database by CrmRoleMatrixTests).</summary>
    public static TheoryData<string, string[], bool, bool, bool> Matrix => new()
    {
        // role, permissions, may change another's deal, may change own deal, may roll back
        { "owner", [], true, true, true },
        { "admin", ["deals.manage_all", "deals.stage_rollback"], true, true, true },
        { "manager", ["deals.manage_all"], true, true, false },
        { "member", [], false, true, false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Who_may_change_and_roll_back(string role, string[] permissions, bool others, bool own, bool rollback)
    {
        var member = new SpaceMember(1, SpaceKind.Organization, 7, role, permissions.ToHashSet());
        Assert.Equal(others, member.MayChange(ownerId: 8, DealRules.ManageAll));
        Assert.Equal(own, member.MayChange(ownerId: 7, DealRules.ManageAll));
        Assert.Equal(rollback, member.Has(DealRules.StageRollback));
    }
}
