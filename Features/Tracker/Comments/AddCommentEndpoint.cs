using Atrium.Api.Features.Tracker.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Tracker.Comments;

public sealed record AddCommentRequest(string? Body);

public sealed class AddCommentValidator : AbstractValidator<AddCommentRequest>
{
    public AddCommentValidator()
    {
        RuleFor(r => r.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("'body' must not be empty.")
            .MaximumLength(TaskFields.CommentMax);
    }
}

public sealed class AddCommentEndpoint : ICarterModule
{
    private const string Insert = """
        with comment as (
            insert into project_task_comments (project_id, task_id, author_id, body)
            select t.project_id, t.id, @userId, @body
            from project_tasks t
            where t.project_id = @projectId and t.id = @taskId
            returning id, task_id, author_id, body, created_at
        )
        select c.id, c.task_id, c.author_id, u.name as author_name, c.body, c.created_at
        from comment c
        left join users u on u.id = c.author_id
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTasksGroup().MapPost("/{task_id:long}/comments", Handle)
            .Validate<AddCommentRequest>()
            .WithName("AddTaskComment")
            .WithSummary("Comment on a task.")
            .WithDescription("Needs `tasks.comment` (the lead, developer and tester groups hold it). Up to 10 000 characters.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Created<CommentResponse>, ProblemHttpResult>> Handle(
        ProjectMember member, [FromRoute(Name = "task_id")] long taskId, AddCommentRequest request, HttpContext http, NpgsqlDataSource db,
        CancellationToken ct)
    {
        var userId = member.UserId;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);        if (TaskRights.ToComment(member.Has) is { } missing)
            return Problems.Forbidden(missing);

        CommentResponse? comment;
        try
        {
            comment = await connection.QuerySingleOrDefaultAsync<CommentResponse>(new CommandDefinition(Insert,
                new { projectId = member.SpaceId, taskId, userId, body = request.Body!.Trim() }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.IsForeignKeyViolation("project_task_comments_task_fkey"))
        {
            comment = null; // the task was deleted while we wrote
        }
        if (comment is null)
            return TaskFields.NotFound();

        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "task_comment.created", "task_comment", comment.Id,
            null, comment, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created(TrackerRoutes.TaskUrl(member.SpaceId, taskId) + "/comments", comment);
    }
}
