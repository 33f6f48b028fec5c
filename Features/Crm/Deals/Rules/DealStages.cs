namespace Atrium.Api.Features.Crm.Deals.Rules;

/// <summary>The sales pipeline: qualification → proposal → negotiation → closed.</summary>
public static class DealStages
{
    public const string Qualification = "qualification";
    public const string Proposal = "proposal";
    public const string Negotiation = "negotiation";
    public const string Closed = "closed";

    /// <summary>The stages in pipeline order (the SQL function <c>crm_stage_rank</c> holds the same order).</summary>
    private static readonly string[] Order = [Qualification, Proposal, Negotiation, Closed];

    public static IReadOnlyList<string> Pipeline => Order;

    public static bool IsValid(string? stage) => stage is not null && Pipeline.Contains(stage);

    /// <summary>1-based position in the pipeline; 0 for an unknown stage.</summary>
    public static int RankOf(string stage) => Array.IndexOf(Order, stage) + 1;

    /// <summary>Moving from <paramref name="from"/> to <paramref name="to"/> goes backwards in the pipeline.</summary>
    public static bool IsRollback(string from, string to) => RankOf(to) < RankOf(from);

    /// <summary>The stage after <paramref name="stage"/>, or null for the last one.</summary>
    public static string? NextOf(string stage)
    {
        var rank = RankOf(stage);
        return rank >= 1 && rank < Pipeline.Count ? Pipeline[rank] : null;
    }
}

/// <summary>The statuses of a deal.</summary>
public static class DealStatuses
{
    public const string New = "new";
    public const string InProgress = "in_progress";
    public const string Won = "won";
    public const string Lost = "lost";

    public static readonly IReadOnlyList<string> All = [New, InProgress, Won, Lost];

    public static bool IsValid(string? status) => status is not null && All.Contains(status);
}
