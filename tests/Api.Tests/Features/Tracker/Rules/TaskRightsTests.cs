using Atrium.Api.Features.Tracker.Rules;

namespace Atrium.Api.Tests.Features.Tracker.Rules;

/// <summary>The decision matrix with the code sets of the default groups (as create_space seeds them).</summary>
public sealed class TaskRightsTests
{
    private const long Me = 1;
    private const long Other = 2;

    private static Func<string, bool> Holding(params string[] codes) => codes.ToHashSet().Contains;

    private static readonly Func<string, bool> Lead = Holding(TaskRights.CreateRoot, TaskRights.CreateSubtaskAny,
        TaskRights.CreateSubtaskOwn, TaskRights.EditAny, TaskRights.EditOwn, TaskRights.Assign, TaskRights.Review, TaskRights.Comment);
    private static readonly Func<string, bool> Developer = Holding(TaskRights.CreateSubtaskOwn, TaskRights.EditOwn, TaskRights.Comment);
    private static readonly Func<string, bool> Tester = Holding(TaskRights.Review, TaskRights.Comment);
    private static readonly Func<string, bool> PlainMember = Holding();

    private static TaskFacts Mine(TaskState status = TaskState.Open) => new(Me, null, status);
    private static TaskFacts AssignedToMe(TaskState status = TaskState.Open) => new(Other, Me, status);
    private static TaskFacts Theirs(TaskState status = TaskState.Open) => new(Other, Other, status);

    [Fact]
    public void Only_the_lead_creates_top_level_tasks()
    {
        Assert.Null(TaskRights.ToCreate(Lead, Me, null));
        Assert.Equal(TaskRights.CreateRoot, TaskRights.ToCreate(Developer, Me, null));
        Assert.Equal(TaskRights.CreateRoot, TaskRights.ToCreate(Tester, Me, null));
        Assert.Equal(TaskRights.CreateRoot, TaskRights.ToCreate(PlainMember, Me, null));
    }

    [Fact]
    public void The_lead_creates_subtasks_anywhere_the_developer_only_under_own_tasks()
    {
        Assert.Null(TaskRights.ToCreate(Lead, Me, Theirs()));
        Assert.Null(TaskRights.ToCreate(Developer, Me, Mine()));
        Assert.Null(TaskRights.ToCreate(Developer, Me, AssignedToMe()));
        Assert.Equal(TaskRights.CreateSubtaskAny, TaskRights.ToCreate(Developer, Me, Theirs()));
        Assert.Equal(TaskRights.CreateSubtaskAny, TaskRights.ToCreate(Tester, Me, Mine()));
    }

    [Fact]
    public void The_lead_edits_any_task_the_developer_own_ones_the_tester_none()
    {
        Assert.Null(TaskRights.ToEdit(Lead, Me, Theirs()));
        Assert.Null(TaskRights.ToEdit(Developer, Me, Mine()));
        Assert.Null(TaskRights.ToEdit(Developer, Me, AssignedToMe()));
        Assert.Equal(TaskRights.EditAny, TaskRights.ToEdit(Developer, Me, Theirs()));
        Assert.Equal(TaskRights.EditAny, TaskRights.ToEdit(Tester, Me, Mine()));
        Assert.Equal(TaskRights.EditAny, TaskRights.ToEdit(PlainMember, Me, Mine()));
    }

    [Fact]
    public void Moves_out_of_review_need_the_review_right_on_anyones_task()
    {
        Assert.Null(TaskRights.ToMove(Tester, Me, Theirs(TaskState.Review)));
        Assert.Null(TaskRights.ToMove(Lead, Me, Theirs(TaskState.Review)));
        Assert.Equal(TaskRights.Review, TaskRights.ToMove(Developer, Me, AssignedToMe(TaskState.Review)));
        Assert.Equal(TaskRights.Review, TaskRights.ToMove(PlainMember, Me, Mine(TaskState.Review)));
    }

    [Fact]
    public void Other_moves_are_edits()
    {
        Assert.Null(TaskRights.ToMove(Developer, Me, AssignedToMe(TaskState.InProgress)));
        Assert.Equal(TaskRights.EditAny, TaskRights.ToMove(Developer, Me, Theirs(TaskState.InProgress)));
        Assert.Equal(TaskRights.EditAny, TaskRights.ToMove(Tester, Me, Theirs(TaskState.InProgress)));
        Assert.Null(TaskRights.ToMove(Lead, Me, Theirs(TaskState.Paused)));
    }

    [Fact]
    public void Assigning_needs_the_assign_right_but_a_developer_may_take_an_unassigned_task_they_created()
    {
        Assert.Null(TaskRights.ToAssign(Lead, Me, Theirs(), Other));
        Assert.Null(TaskRights.ToAssign(Lead, Me, Theirs(), null));
        Assert.Null(TaskRights.ToAssign(Developer, Me, null, Me));
        Assert.Null(TaskRights.ToAssign(Developer, Me, Mine(), Me));
        Assert.Equal(TaskRights.Assign, TaskRights.ToAssign(Developer, Me, null, Other));
        Assert.Equal(TaskRights.Assign, TaskRights.ToAssign(Developer, Me, Mine(), Other));
        Assert.Equal(TaskRights.Assign, TaskRights.ToAssign(Developer, Me, new TaskFacts(Me, Other, TaskState.Open), Me));
        Assert.Equal(TaskRights.Assign, TaskRights.ToAssign(Developer, Me, AssignedToMe(), null));
        Assert.Equal(TaskRights.Assign, TaskRights.ToAssign(Developer, Me, Theirs(), Me));
        Assert.Equal(TaskRights.Assign, TaskRights.ToAssign(Tester, Me, null, Me));
    }

    [Fact]
    public void Deleting_and_commenting_are_rights_of_their_own()
    {
        Assert.Equal(TaskRights.Delete, TaskRights.ToDelete(Lead));
        Assert.Null(TaskRights.ToDelete(Holding(TaskRights.Delete)));
        Assert.Null(TaskRights.ToComment(Developer));
        Assert.Null(TaskRights.ToComment(Tester));
        Assert.Equal(TaskRights.Comment, TaskRights.ToComment(PlainMember));
    }
}
