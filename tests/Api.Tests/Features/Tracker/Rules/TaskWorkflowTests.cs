using Atrium.Api.Features.Tracker.Rules;

namespace Atrium.Api.Tests.Features.Tracker.Rules;

public sealed class TaskWorkflowTests
{
    /// <summary>The allowed moves, and only these.</summary>
    private static readonly HashSet<(TaskState, TaskState)> Allowed =
    [
        (TaskState.Open, TaskState.InProgress),
        (TaskState.InProgress, TaskState.Review),
        (TaskState.Review, TaskState.Done),
        (TaskState.Review, TaskState.InProgress),
        (TaskState.InProgress, TaskState.Paused),
        (TaskState.Paused, TaskState.Open),
        (TaskState.Paused, TaskState.Canceled),
    ];

    public static TheoryData<TaskState, TaskState> EveryPair()
    {
        var data = new TheoryData<TaskState, TaskState>();
        foreach (var from in Enum.GetValues<TaskState>())
        foreach (var to in Enum.GetValues<TaskState>())
            data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_pair_of_states_is_a_move_exactly_when_the_workflow_names_it(TaskState from, TaskState to)
    {
        Assert.Equal(Allowed.Contains((from, to)), TaskWorkflow.CanMove(from, to));
    }

    [Fact]
    public void The_matrix_covers_all_thirty_six_pairs()
    {
        Assert.Equal(36, EveryPair().Count);
        Assert.Equal(6, TaskWorkflow.All.Count);
    }

    [Fact]
    public void Done_and_canceled_are_final()
    {
        Assert.Empty(TaskWorkflow.NextOf(TaskState.Done));
        Assert.Empty(TaskWorkflow.NextOf(TaskState.Canceled));
        Assert.Equal([TaskState.InProgress, TaskState.Done], TaskWorkflow.NextOf(TaskState.Review));
    }

    [Theory]
    [InlineData(TaskState.Open, "open")]
    [InlineData(TaskState.InProgress, "in_progress")]
    [InlineData(TaskState.Review, "review")]
    [InlineData(TaskState.Done, "done")]
    [InlineData(TaskState.Paused, "paused")]
    [InlineData(TaskState.Canceled, "canceled")]
    public void States_are_snake_case_in_sql_and_parse_back(TaskState state, string sql)
    {
        Assert.Equal(sql, state.ToSql());
        Assert.Equal(state, TaskWorkflow.Parse(sql));
    }

    [Theory]
    [InlineData("InProgress")]
    [InlineData("progress")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_status_names_do_not_parse(string? text)
    {
        Assert.Null(TaskWorkflow.TryParse(text));
    }
}
