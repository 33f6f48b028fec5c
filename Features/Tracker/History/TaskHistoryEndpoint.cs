using Atrium.Api.Features.Tracker.Rules;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Tracker.History;

/// <summary>
/// One change: <c>field</c> is <c>status</c> (with <c>from_status</c>/<c>to_status</c>) or <c>assignee</c> (with
/// <c>from_assignee_id</c>/<c>to_assignee_id</c>, null meaning nobody). The entry made at creation has no <c>from</c>.
/// </summary>
public sealed record TaskHistoryEntry(
    long Id, string Field, TaskState? FromStatus, TaskState? ToStatus, long? FromAssigneeId, long? ToAssigneeId,
    long? ActorId, string? ActorName, DateTime CreatedAt);

public sealed class TaskHistoryEndpoint : ICarterModule
{
    private const string Sql = """
        select count(*) from project_task_history h where h.project_id = @projectId and h.task_id = @taskId;
        select h.id, h.field, h.from_status, h.to_status, h.from_assignee_id, h.to_assignee_id, h.actor_id,
               u.name as actor_name, h.created_at
        from project_task_history h
        left join users u on u.id = h.actor_id
        where h.project_id = @projectId and h.task_id = @taskId
        order by h.id
        limit @limit offset @offset;
        """;

    private sealed class Row
    {
        public long Id { get; init; }
        public string Field { get; init; } = "";
        public string? FromStatus { get; init; }
        public string? ToStatus { get; init; }
        public long? FromAssigneeId { get; init; }
        public long? ToAssigneeId { get; init; }
        public long? ActorId { get; init; }
        public string? ActorName { get; init; }
        public DateTime CreatedAt { get; init; }

        public TaskHistoryEntry ToEntry() => new(Id, Field, TaskWorkflow.TryParse(FromStatus), TaskWorkflow.TryParse(ToStatus),
            FromAssigneeId, ToAssigneeId, ActorId, ActorName, CreatedAt);
    }

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTasksGroup().MapGet("/{task_id:long}/history", Handle)
            .WithName("GetTaskHistory")
            .WithSummary("The status and assignee changes of a task, oldest first.")
            .WithDescription("Each entry names the actor and the time; any project member reads it. Paged with `page` and `page_size`.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<Paged<TaskHistoryEntry>>, ProblemHttpResult>> Handle(
        ProjectMember member, [FromRoute(Name = "task_id")] long taskId, [AsParameters] PageQuery paging, NpgsqlDataSource db,
        CancellationToken ct)
    {
        var (result, problem) = await TaskSubList.ReadAsync<Row>(db, member, taskId, paging, Sql, ct);
        return result is null ? problem! : TypedResults.Ok(result.Map(r => r.ToEntry()));
    }
}
