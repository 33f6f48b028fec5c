using Atrium.Api.Features.Crm;
using Atrium.Api.Features.Crm.DealTasks.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.DealTasks.UpdateTask;

/// <summary>Partial update: an absent (or null) field stays; an empty <c>description</c> clears it.</summary>
public sealed record UpdateTaskRequest(string? Title, string? Description, DateOnly? DueDate, bool? IsDone);

public sealed class UpdateTaskValidator : AbstractValidator<UpdateTaskRequest>
{
    public UpdateTaskValidator()
    {
        RuleFor(r => r.Title).TaskTitle().When(r => r.Title is not null);
        RuleFor(r => r.Description).TaskDescription();
    }
}

public sealed class UpdateTaskEndpoint : ICarterModule
{
    private const string Update = $"""
        update crm_deal_tasks t
        set title = @title, description = @description, due_date = @dueDate, is_done = @isDone,
            done_at = case when not @isDone then null when t.is_done then t.done_at else now() end
        where t.organization_id = @organizationId and t.id = @id
        returning {DealTaskSql.Columns}
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/tasks", CrmRoutes.TasksTag).MapPatch("/{id:long}", Handle)
            .Validate<UpdateTaskRequest>()
            .WithName("UpdateDealTask")
            .WithSummary("Change a task: title, description, due date, done.")
            .WithDescription("A task belongs to the owner of its deal: a member changes tasks of deals they own; `deal_tasks.manage_all` "
                + "(manager and up) any (else 403). A new `due_date` cannot be in the past (400 `due_date_in_past`); an unchanged past "
                + "date is kept. `is_done: true` stamps `done_at` and writes a `system` activity `{event: \"task_completed\", task_id, title}`.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<DealTaskResponse>, ProblemHttpResult>> Handle(
        OrganizationMember member, long id, UpdateTaskRequest request, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var row = await connection.QuerySingleOrDefaultAsync<DealTaskSql.Owned>(new CommandDefinition(DealTaskSql.SelectForUpdate,
            new { organizationId = member.SpaceId, id }, transaction, cancellationToken: ct));
        if (row is null)
            return DealTaskSql.NotFound();
        if (!member.MayChange(row.DealOwnerId, DealTaskRules.ManageAll))
            return Problems.Forbidden(DealTaskRules.ManageAll, "Members change only tasks of their own deals.");
        if (request.DueDate is not null && request.DueDate != row.DueDate && !DealTaskRules.IsDueDateAllowed(request.DueDate, DealTaskRules.TodayUtc()))
            return DealTaskSql.DueDateInPast();

        var before = row.ToResponse();
        var after = await connection.QuerySingleAsync<DealTaskResponse>(new CommandDefinition(Update, new
        {
            organizationId = member.SpaceId,
            id,
            title = request.Title?.Trim() ?? before.Title,
            description = request.Description is null ? before.Description
                : string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            dueDate = request.DueDate ?? before.DueDate,
            isDone = request.IsDone ?? before.IsDone,
        }, transaction, cancellationToken: ct));
        if (after.IsDone && !before.IsDone)
            await Timeline.WriteAsync(connection, transaction, member.SpaceId, after.DealId, member.UserId, Timeline.System,
                new { Event = "task_completed", TaskId = id, after.Title }, ct);
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "deal_task.updated", "deal_task", id,
            before, after, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
