using System.Text.Json.Serialization;
using Atrium.Api.Features.Tracker.Rules;
using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Tracker;

/// <summary>One task as every single-task route answers it (with an <c>ETag</c> header naming its version).</summary>
public sealed record TaskResponse(
    long Id, long ProjectId, long? ParentId, string Title, string? Description, TaskState Status,
    long? AssigneeId, long? CreatedBy, int Version, DateTime CreatedAt, DateTime UpdatedAt)
{
    [JsonIgnore]
    public TaskFacts Facts => new(CreatedBy, AssigneeId, Status);

    [JsonIgnore]
    public string ETag => TaskETags.Of(Id, Version);
}

/// <summary>A task in a list; with <c>tree=true</c>, <see cref="Children"/> holds its subtasks (nested), else it is null.</summary>
public sealed record TaskNode(
    long Id, long ProjectId, long? ParentId, string Title, string? Description, TaskState Status,
    long? AssigneeId, long? CreatedBy, int Version, DateTime CreatedAt, DateTime UpdatedAt, IReadOnlyList<TaskNode>? Children);

/// <summary>A task row as Dapper reads it (status as text), and the one place that reads a single task.</summary>
public sealed class TaskRow
{
    /// <summary>The columns of <see cref="TaskRow"/>, for <c>select</c> and <c>returning</c> over <c>project_tasks t</c>.</summary>
    public const string Columns =
        "t.id, t.project_id, t.parent_id, t.title, t.description, t.status, t.assignee_id, t.created_by, t.version, t.created_at, t.updated_at";

    private const string FindSql = $"""
        select {Columns}
        from project_tasks t
        where t.project_id = @projectId and t.id = @taskId
        """;

    public long Id { get; init; }
    public long ProjectId { get; init; }
    public long? ParentId { get; init; }
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public string Status { get; init; } = "";
    public long? AssigneeId { get; init; }
    public long? CreatedBy { get; init; }
    public int Version { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public TaskResponse ToResponse() =>
        new(Id, ProjectId, ParentId, Title, Description, TaskWorkflow.Parse(Status), AssigneeId, CreatedBy, Version, CreatedAt, UpdatedAt);

    public TaskNode ToNode() =>
        new(Id, ProjectId, ParentId, Title, Description, TaskWorkflow.Parse(Status), AssigneeId, CreatedBy, Version, CreatedAt, UpdatedAt, null);

    /// <summary>The task <paramref name="taskId"/> of the project, or null. <paramref name="forUpdate"/> locks it until the transaction ends.</summary>
    public static async Task<TaskResponse?> FindAsync(NpgsqlConnection connection, long projectId, long taskId, CancellationToken ct,
        NpgsqlTransaction? transaction = null, bool forUpdate = false)
    {
        var row = await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
            forUpdate ? FindSql + " for update" : FindSql, new { projectId, taskId }, transaction, cancellationToken: ct));
        return row?.ToResponse();
    }
}
