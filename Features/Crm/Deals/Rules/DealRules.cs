using Atrium.Api.Infrastructure.Permissions;

namespace Atrium.Api.Features.Crm.Deals.Rules;

/// <summary>What the rules look at in a deal.</summary>
public sealed record DealState(string Status, string Stage, decimal Amount);

public enum DealRuleViolation
{
    None,
    /// <summary>The stage would move backwards and the caller lacks <c>deals.stage_rollback</c> (403 <c>stage_rollback_forbidden</c>).</summary>
    StageRollbackForbidden,
    /// <summary>The deal would be <c>won</c> with an amount of 0 or less (400 <c>deal_amount_must_be_positive</c>).</summary>
    AmountMustBePositiveToWin,
}

/// <summary>The business rules of deals, pure so that they are unit-tested directly.</summary>
public static class DealRules
{
    /// <summary>Change and delete any deal, not only one's own (manager and up).</summary>
    [PermissionCode] public const string ManageAll = "deals.manage_all";

    /// <summary>Move a deal's stage backwards (owner and admin).</summary>
    [PermissionCode] public const string StageRollback = "deals.stage_rollback";

    /// <summary>The rules a new deal must satisfy.</summary>
    public static DealRuleViolation CheckNew(DealState deal) =>
        deal.Status == DealStatuses.Won && deal.Amount <= 0 ? DealRuleViolation.AmountMustBePositiveToWin : DealRuleViolation.None;

    /// <summary>The rules a change from <paramref name="before"/> to <paramref name="after"/> must satisfy.</summary>
    public static DealRuleViolation CheckChange(DealState before, DealState after, bool mayRollBackStage)
    {
        if (DealStages.IsRollback(before.Stage, after.Stage) && !mayRollBackStage)
            return DealRuleViolation.StageRollbackForbidden;
        return CheckNew(after);
    }
}
