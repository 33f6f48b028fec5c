using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Crm.DealTasks.ListTasks;

public sealed record ListTasksQuery(
    [FromQuery(Name = "deal_id")] long? DealId,
    [FromQuery(Name = "only_open")] bool? OnlyOpen,
    [FromQuery(Name = "due_before")] DateOnly? DueBefore,
    [FromQuery(Name = "due_after")] DateOnly? DueAfter);

public sealed class ListTasksValidator : AbstractValidator<ListTasksQuery>
{
    public ListTasksValidator()
    {
        RuleFor(q => q.DealId).GreaterThan(0);
    }
}

public sealed class ListTasksEndpoint : ICarterModule
{

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/tasks", CrmRoutes.TasksTag).MapGet("", Handle)
            .Validate<ListTasksQuery>()
            .WithName("ListDealTasks")
            .WithSummary("The organization's deal tasks, soonest due first, one page at a time.")
            .WithDescription("`deal_id` keeps one deal's tasks (a deal of another organization is 404 `deal_not_found`); "
                + "`only_open=true` keeps tasks not done; `due_before` and `due_after` (YYYY-MM-DD) are inclusive and leave out tasks "
                + "without a due date. Order: due date (none last), then id.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<Paged<DealTaskResponse>>, ProblemHttpResult>> Handle(
        OrganizationMember member, [AsParameters] PageQuery paging, [AsParameters] ListTasksQuery query, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        await using var connection = await db.OpenConnectionAsync(ct);
        var organizationId = member.SpaceId;

        var where = new List<string> { "t.organization_id = @organizationId" };
        var parameters = new DynamicParameters(new { organizationId });
        if (query.DealId is not null)
        {
            parameters.Add("dealId", query.DealId);
            if (!await CrmDeals.ExistsAsync(connection, null, organizationId, query.DealId.Value, ct))
                return CrmDeals.NotFound();
            where.Add("t.deal_id = @dealId");
        }
        if (query.OnlyOpen == true)
            where.Add("not t.is_done");
        if (query.DueBefore is not null)
        {
            where.Add("t.due_date <= @dueBefore");
            parameters.Add("dueBefore", query.DueBefore);
        }
        if (query.DueAfter is not null)
        {
            where.Add("t.due_date >= @dueAfter");
            parameters.Add("dueAfter", query.DueAfter);
        }

        var sql = PageSql.Rows("crm_deal_tasks t", DealTaskSql.Columns, where, "t.due_date asc nulls last, t.id asc");
        return TypedResults.Ok(await connection.ReadRowsAsync<DealTaskResponse>(paging, sql, parameters, ct));
    }
}
