namespace Atrium.Api.Features.Tracker.Rules;

/// <summary>The status of a task; on the wire and in SQL as snake_case (<c>in_progress</c>).</summary>
public enum TaskState { Open, InProgress, Review, Done, Paused, Canceled }

/// <summary>
/// The task workflow: open → in_progress → review → done; review → in_progress (changes asked);
/// in_progress → paused → open; paused → canceled. Every other pair, a state to itself included, is not a move.
/// </summary>
public static class TaskWorkflow
{
    /// <summary>The statuses as they are written on the wire, in the order of <see cref="TaskState"/>.</summary>
    public static readonly IReadOnlyList<string> Names = ["open", "in_progress", "review", "done", "paused", "canceled"];

    public static readonly IReadOnlyList<TaskState> All = Enum.GetValues<TaskState>();

    public static bool CanMove(TaskState from, TaskState to) => (from, to) switch
    {
        (TaskState.Open, TaskState.InProgress) => true,
        (TaskState.InProgress, TaskState.Review) => true,
        (TaskState.InProgress, TaskState.Paused) => true,
        (TaskState.Review, TaskState.Done) => true,
        (TaskState.Review, TaskState.InProgress) => true,
        (TaskState.Paused, TaskState.Open) => true,
        (TaskState.Paused, TaskState.Canceled) => true,
        _ => false,
    };

    /// <summary>Where a task in <paramref name="from"/> may go next.</summary>
    public static IReadOnlyList<TaskState> NextOf(TaskState from) => All.Where(to => CanMove(from, to)).ToList();

    public static string ToSql(this TaskState state) => Names[(int)state];

    public static TaskState Parse(string sql) =>
        TryParse(sql) ?? throw new ArgumentOutOfRangeException(nameof(sql), sql, "Unknown task status.");

    public static TaskState? TryParse(string? text)
    {
        var index = text is null ? -1 : ((IList<string>)Names).IndexOf(text);
        return index < 0 ? null : (TaskState)index;
    }
}
