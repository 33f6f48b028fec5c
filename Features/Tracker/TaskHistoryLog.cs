using Atrium.Api.Features.Tracker.Rules;
using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Tracker;

/// <summary>Writes the history of a task's status and assignee, in the transaction of the change.</summary>
public static class TaskHistoryLog
{
    private const string Insert = """
        insert into project_task_history (project_id, task_id, actor_id, field, from_status, to_status, from_assignee_id, to_assignee_id)
        values (@projectId, @taskId, @actorId, @field, @fromStatus, @toStatus, @fromAssigneeId, @toAssigneeId)
        """;

    public static Task StatusAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TaskResponse task, long actorId,
        TaskState? from, TaskState to, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            projectId = task.ProjectId,
            taskId = task.Id,
            actorId,
            field = "status",
            fromStatus = from?.ToSql(),
            toStatus = to.ToSql(),
            fromAssigneeId = (long?)null,
            toAssigneeId = (long?)null,
        }, transaction, cancellationToken: ct));

    public static Task AssigneeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TaskResponse task, long actorId,
        long? from, long? to, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            projectId = task.ProjectId,
            taskId = task.Id,
            actorId,
            field = "assignee",
            fromStatus = (string?)null,
            toStatus = (string?)null,
            fromAssigneeId = from,
            toAssigneeId = to,
        }, transaction, cancellationToken: ct));
}
