using Atrium.Api.Features.Crm;
using Atrium.Api.Features.Crm.DealTasks.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.DealTasks.DeleteTask;

public sealed class DeleteTaskEndpoint : ICarterModule
{
    private const string Delete = "delete from crm_deal_tasks where organization_id = @organizationId and id = @id";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/tasks", CrmRoutes.TasksTag).MapDelete("/{id:long}", Handle)
            .WithName("DeleteDealTask")
            .WithSummary("Delete a task.")
            .WithDescription("A member deletes tasks of deals they own; `deal_tasks.manage_all` (manager and up) any (else 403).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(OrganizationMember member, long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var parameters = new { organizationId = member.SpaceId, id };
        var row = await connection.QuerySingleOrDefaultAsync<DealTaskSql.Owned>(new CommandDefinition(DealTaskSql.SelectForUpdate,
            parameters, transaction, cancellationToken: ct));
        if (row is null)
            return DealTaskSql.NotFound();
        if (!member.MayChange(row.DealOwnerId, DealTaskRules.ManageAll))
            return Problems.Forbidden(DealTaskRules.ManageAll, "Members delete only tasks of their own deals.");

        await connection.ExecuteAsync(new CommandDefinition(Delete, parameters, transaction, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "deal_task.deleted", "deal_task", id,
            row.ToResponse(), null, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
