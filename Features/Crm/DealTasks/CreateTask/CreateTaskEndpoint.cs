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

namespace Atrium.Api.Features.Crm.DealTasks.CreateTask;

public sealed record CreateDealTaskRequest(long DealId, string Title, string? Description, DateOnly? DueDate);

public sealed class CreateDealTaskValidator : AbstractValidator<CreateDealTaskRequest>
{
    public CreateDealTaskValidator()
    {
        RuleFor(r => r.DealId).GreaterThan(0);
        RuleFor(r => r.Title).TaskTitle();
        RuleFor(r => r.Description).TaskDescription();
    }
}

public sealed class CreateTaskEndpoint : ICarterModule
{
    private const string DealOwner = """
        select owner_id from crm_deals where organization_id = @organizationId and id = @dealId for key share
        """;

    private const string Insert = $"""
        insert into crm_deal_tasks as t (organization_id, deal_id, created_by, title, description, due_date)
        values (@organizationId, @dealId, @createdBy, @title, @description, @dueDate)
        returning {DealTaskSql.Columns}
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/tasks", CrmRoutes.TasksTag).MapPost("", Handle)
            .Validate<CreateDealTaskRequest>()
            .WithName("CreateDealTask")
            .WithSummary("Create a task on a deal.")
            .WithDescription("`deal_id` must be a deal of this organization (else 404 `deal_not_found`). A member creates tasks only on "
                + "deals they own; `deal_tasks.manage_all` (manager and up) on any (else 403 `permission_denied`). `due_date` is optional "
                + "and cannot be before today in UTC (400 `due_date_in_past`). The deal's timeline gets a `task_created` activity "
                + "`{task_id, title}` in the same transaction.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Created<DealTaskResponse>, ProblemHttpResult>> Handle(
        OrganizationMember member, CreateDealTaskRequest request, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var dealOwner = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(DealOwner,
            new { organizationId = member.SpaceId, request.DealId }, transaction, cancellationToken: ct));
        if (dealOwner is null)
            return CrmDeals.NotFound();
        if (!member.MayChange(dealOwner.Value, DealTaskRules.ManageAll))
            return Problems.Forbidden(DealTaskRules.ManageAll, "Members create tasks only on their own deals.");
        if (!DealTaskRules.IsDueDateAllowed(request.DueDate, DealTaskRules.TodayUtc()))
            return DealTaskSql.DueDateInPast();

        var task = await connection.QuerySingleAsync<DealTaskResponse>(new CommandDefinition(Insert, new
        {
            organizationId = member.SpaceId,
            request.DealId,
            createdBy = member.UserId,
            title = request.Title.Trim(),
            description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            request.DueDate,
        }, transaction, cancellationToken: ct));
        await Timeline.WriteAsync(connection, transaction, member.SpaceId, task.DealId, member.UserId, Timeline.TaskCreated,
            new { TaskId = task.Id, task.Title }, ct);
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "deal_task.created", "deal_task", task.Id,
            null, task, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/tasks/{task.Id}", task);
    }
}
