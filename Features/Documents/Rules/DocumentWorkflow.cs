namespace Atrium.Api.Features.Documents.Rules;

/// <summary>The statuses of a document.</summary>
public static class DocumentStatus
{
    public const string Draft = "draft";
    public const string Sent = "sent";
    public const string InReview = "in_review";
    public const string Signed = "signed";
    public const string Rejected = "rejected";
    public const string Archived = "archived";

    public static readonly string[] All = [Draft, Sent, InReview, Signed, Rejected, Archived];

    public static bool IsValid(string? status) => status is not null && All.Contains(status);
}

/// <summary>How the caller stands to a document (several may hold at once).</summary>
[Flags]
public enum Standing
{
    None = 0,
    /// <summary>Wrote it.</summary>
    Author = 1,
    /// <summary>Is its responsible user or a member of its responsible group.</summary>
    Responsible = 2,
    /// <summary>Holds <c>documents.manage_all</c>.</summary>
    ManageAll = 4,
}

/// <summary>What the workflow says about one move.</summary>
public enum MoveVerdict
{
    Allowed,
    /// <summary>No such move (409 <c>invalid_transition</c>).</summary>
    InvalidTransition,
    /// <summary>The move exists but is made by <c>POST /documents/{id}/send</c>.</summary>
    BySending,
    /// <summary>The move exists but is made by <c>POST /documents/{id}/sign</c>.</summary>
    BySigning,
    /// <summary>The move exists but the caller is not one who may make it (403 <c>not_responsible</c>).</summary>
    NotYours,
}

/// <summary>
/// The document workflow: draft → sent → in_review → signed | rejected, sent → signed | rejected, and
/// archived from a final state (signed, rejected). Who moves:
/// <list type="bullet">
/// <item>draft → sent: the author (or a holder of manage_all), by sending it;</item>
/// <item>sent → in_review, sent | in_review → rejected: the responsible party;</item>
/// <item>sent | in_review → signed: the responsible party, by signing it;</item>
/// <item>signed | rejected → archived: the author, the responsible party or a holder of manage_all.</item>
/// </list>
/// </summary>
public static class DocumentWorkflow
{
    public static MoveVerdict Check(string from, string to, Standing standing)
    {
        switch (from, to)
        {
            case (DocumentStatus.Draft, DocumentStatus.Sent):
                return MoveVerdict.BySending;
            case (DocumentStatus.Sent or DocumentStatus.InReview, DocumentStatus.Signed):
                return MoveVerdict.BySigning;
            case (DocumentStatus.Sent, DocumentStatus.InReview):
            case (DocumentStatus.Sent or DocumentStatus.InReview, DocumentStatus.Rejected):
                return standing.HasFlag(Standing.Responsible) ? MoveVerdict.Allowed : MoveVerdict.NotYours;
            case (DocumentStatus.Signed or DocumentStatus.Rejected, DocumentStatus.Archived):
                return standing != Standing.None ? MoveVerdict.Allowed : MoveVerdict.NotYours;
            default:
                return MoveVerdict.InvalidTransition;
        }
    }

    /// <summary>
    /// Sending (or forwarding): a draft by its author, a sent or in-review document by its responsible party;
    /// a holder of manage_all may send any of those. Null when allowed, else the verdict.
    /// </summary>
    public static MoveVerdict CheckSend(string status, Standing standing) => status switch
    {
        DocumentStatus.Draft => standing.HasFlag(Standing.Author) || standing.HasFlag(Standing.ManageAll) ? MoveVerdict.Allowed : MoveVerdict.NotYours,
        DocumentStatus.Sent or DocumentStatus.InReview =>
            standing.HasFlag(Standing.Responsible) || standing.HasFlag(Standing.ManageAll) ? MoveVerdict.Allowed : MoveVerdict.NotYours,
        _ => MoveVerdict.InvalidTransition,
    };

    /// <summary>The status after sending: a draft becomes sent; a forwarded document keeps its status.</summary>
    public static string AfterSend(string status) => status == DocumentStatus.Draft ? DocumentStatus.Sent : status;

    /// <summary>
    /// Signing: the responsible party signs a sent or in-review document, which moves it to signed; the
    /// author may sign their draft before sending it (no move); a signed document may be co-signed by its
    /// author or responsible party (no move). The new status, or the verdict that refuses.
    /// </summary>
    public static (MoveVerdict Verdict, string Status) CheckSign(string status, Standing standing) => status switch
    {
        DocumentStatus.Sent or DocumentStatus.InReview => standing.HasFlag(Standing.Responsible)
            ? (MoveVerdict.Allowed, DocumentStatus.Signed) : (MoveVerdict.NotYours, status),
        DocumentStatus.Draft => standing.HasFlag(Standing.Author) ? (MoveVerdict.Allowed, status) : (MoveVerdict.NotYours, status),
        DocumentStatus.Signed => standing.HasFlag(Standing.Author) || standing.HasFlag(Standing.Responsible)
            ? (MoveVerdict.Allowed, status) : (MoveVerdict.NotYours, status),
        _ => (MoveVerdict.InvalidTransition, status),
    };

    /// <summary>Content may change (a new version), and title and description too, while the document is open.</summary>
    public static bool IsOpen(string status) => status is DocumentStatus.Draft or DocumentStatus.Sent or DocumentStatus.InReview;
}
