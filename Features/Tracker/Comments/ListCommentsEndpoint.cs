using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Tracker.Comments;

public sealed class ListCommentsEndpoint : ICarterModule
{
    private const string Sql = """
        select count(*) from project_task_comments c where c.project_id = @projectId and c.task_id = @taskId;
        select c.id, c.task_id, c.author_id, u.name as author_name, c.body, c.created_at
        from project_task_comments c
        left join users u on u.id = c.author_id
        where c.project_id = @projectId and c.task_id = @taskId
        order by c.id
        limit @limit offset @offset;
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTasksGroup().MapGet("/{task_id:long}/comments", Handle)
            .WithName("ListTaskComments")
            .WithSummary("The comments of a task, oldest first.")
            .WithDescription("Any project member reads them. Paged with `page` and `page_size`.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<Paged<CommentResponse>>, ProblemHttpResult>> Handle(
        ProjectMember member, [FromRoute(Name = "task_id")] long taskId, [AsParameters] PageQuery paging, NpgsqlDataSource db,
        CancellationToken ct)
    {
        var (result, problem) = await TaskSubList.ReadAsync<CommentResponse>(db, member, taskId, paging, Sql, ct);
        return result is null ? problem! : TypedResults.Ok(result);
    }
}
