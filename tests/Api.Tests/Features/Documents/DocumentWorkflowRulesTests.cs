using Atrium.Api.Features.Documents.Rules;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>The whole matrix of moves: every (from, to) pair against every standing.</summary>
public sealed class DocumentWorkflowRulesTests
{
    private static readonly Standing[] Standings =
        [Standing.None, Standing.Author, Standing.Responsible, Standing.ManageAll, Standing.Author | Standing.Responsible];

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var from in DocumentStatus.All)
        foreach (var to in DocumentStatus.All)
            data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_move_has_one_rule(string from, string to)
    {
        foreach (var standing in Standings)
        {
            var verdict = DocumentWorkflow.Check(from, to, standing);
            var expected = (from, to) switch
            {
                ("draft", "sent") => MoveVerdict.BySending,
                ("sent" or "in_review", "signed") => MoveVerdict.BySigning,
                ("sent", "in_review") or ("sent" or "in_review", "rejected") =>
                    standing.HasFlag(Standing.Responsible) ? MoveVerdict.Allowed : MoveVerdict.NotYours,
                ("signed" or "rejected", "archived") => standing == Standing.None ? MoveVerdict.NotYours : MoveVerdict.Allowed,
                _ => MoveVerdict.InvalidTransition,
            };
            Assert.Equal(expected, verdict);
        }
    }

    [Fact]
    public void Archived_and_draft_are_never_reached_by_a_status_change_from_a_final_state_but_archived()
    {
        Assert.Equal(MoveVerdict.InvalidTransition, DocumentWorkflow.Check("signed", "draft", Standing.ManageAll));
        Assert.Equal(MoveVerdict.InvalidTransition, DocumentWorkflow.Check("archived", "signed", Standing.Responsible));
        Assert.Equal(MoveVerdict.InvalidTransition, DocumentWorkflow.Check("in_review", "sent", Standing.Responsible));
        Assert.Equal(MoveVerdict.InvalidTransition, DocumentWorkflow.Check("draft", "archived", Standing.Author));
    }

    [Theory]
    [InlineData("draft", Standing.Author, MoveVerdict.Allowed)]
    [InlineData("draft", Standing.ManageAll, MoveVerdict.Allowed)]
    [InlineData("draft", Standing.Responsible, MoveVerdict.NotYours)]
    [InlineData("sent", Standing.Responsible, MoveVerdict.Allowed)]
    [InlineData("sent", Standing.Author, MoveVerdict.NotYours)]
    [InlineData("in_review", Standing.Responsible, MoveVerdict.Allowed)]
    [InlineData("signed", Standing.Responsible, MoveVerdict.InvalidTransition)]
    [InlineData("rejected", Standing.ManageAll, MoveVerdict.InvalidTransition)]
    [InlineData("archived", Standing.Author, MoveVerdict.InvalidTransition)]
    public void Sending_follows_the_status_and_the_standing(string status, Standing standing, MoveVerdict expected)
    {
        Assert.Equal(expected, DocumentWorkflow.CheckSend(status, standing));
        if (expected == MoveVerdict.Allowed)
            Assert.Equal(status == "draft" ? "sent" : status, DocumentWorkflow.AfterSend(status));
    }

    [Theory]
    [InlineData("sent", Standing.Responsible, MoveVerdict.Allowed, "signed")]
    [InlineData("in_review", Standing.Responsible, MoveVerdict.Allowed, "signed")]
    [InlineData("in_review", Standing.Author, MoveVerdict.NotYours, "in_review")]
    [InlineData("draft", Standing.Author, MoveVerdict.Allowed, "draft")]
    [InlineData("draft", Standing.ManageAll, MoveVerdict.NotYours, "draft")]
    [InlineData("signed", Standing.Author, MoveVerdict.Allowed, "signed")]
    [InlineData("signed", Standing.None, MoveVerdict.NotYours, "signed")]
    [InlineData("rejected", Standing.Responsible, MoveVerdict.InvalidTransition, "rejected")]
    [InlineData("archived", Standing.Responsible, MoveVerdict.InvalidTransition, "archived")]
    public void Signing_moves_a_sent_document_to_signed_only_for_the_responsible_party(string status, Standing standing, MoveVerdict verdict,
        string after) =>
        Assert.Equal((verdict, after), DocumentWorkflow.CheckSign(status, standing));
}
