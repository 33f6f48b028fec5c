using Atrium.Api.Features.Crm;
using Atrium.Api.Features.Crm.Deals.Rules;
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

namespace Atrium.Api.Features.Crm.Deals.ListDeals;

public sealed record ListDealsQuery(
    [FromQuery(Name = "status")] string[]? Status,
    [FromQuery(Name = "min_amount")] decimal? MinAmount,
    [FromQuery(Name = "max_amount")] decimal? MaxAmount,
    [FromQuery(Name = "stage")] string? Stage,
    [FromQuery(Name = "owner_id")] long? OwnerId,
    [FromQuery(Name = "order_by")] string? OrderBy,
    [FromQuery(Name = "order")] string? Order);

public sealed class ListDealsValidator : AbstractValidator<ListDealsQuery>
{
    public ListDealsValidator()
    {
        RuleForEach(q => q.Status).Status();
        RuleFor(q => q.Stage).Stage().When(q => q.Stage is not null);
        RuleFor(q => q.MinAmount).GreaterThanOrEqualTo(0);
        RuleFor(q => q.MaxAmount).GreaterThanOrEqualTo(0);
        RuleFor(q => q.MaxAmount).GreaterThanOrEqualTo(q => q.MinAmount!.Value).When(q => q.MinAmount is not null && q.MaxAmount is not null)
            .WithMessage("'max_amount' must not be below 'min_amount'.");
        RuleFor(q => q.OwnerId).GreaterThan(0);
        RuleFor(q => q.OrderBy).Must(o => o is null || ListDealsEndpoint.OrderColumns.ContainsKey(o))
            .WithMessage("'order_by' must be one of: created_at, amount, updated_at.");
        RuleFor(q => q.Order).Must(o => o is null or "asc" or "desc").WithMessage("'order' must be asc or desc.");
    }
}

public sealed class ListDealsEndpoint : ICarterModule
{
    /// <summary>The sort keys a client may choose, and the column each one is (never the client's text).</summary>
    public static readonly IReadOnlyDictionary<string, string> OrderColumns = new Dictionary<string, string>
    {
        ["created_at"] = "d.created_at",
        ["amount"] = "d.amount",
        ["updated_at"] = "d.updated_at",
    };

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/deals", CrmRoutes.DealsTag).MapGet("", Handle)
            .Validate<ListDealsQuery>()
            .WithName("ListDeals")
            .WithSummary("The organization's deals, filtered and sorted, one page at a time.")
            .WithDescription("`status` is repeatable (`status=new&status=in_progress`: any of them); `min_amount`/`max_amount` are inclusive; "
                + "`order_by` created_at (default), amount or updated_at, `order` desc (default) or asc, ties broken by id. "
                + "`owner_id` filters by owner and is for members holding `deals.manage_all` (manager and up); a member may pass only "
                + "their own id — any other is 403 `permission_denied`, never silently ignored. `page_size` is at most 100.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<Paged<DealResponse>>, ProblemHttpResult>> Handle(
        OrganizationMember member, [AsParameters] PageQuery paging, [AsParameters] ListDealsQuery query, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        if (member.CheckOwnerFilter(query.OwnerId, DealRules.ManageAll, "deals") is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);

        var where = new List<string> { "d.organization_id = @organizationId" };
        var parameters = new DynamicParameters(new { organizationId = member.SpaceId });
        if (query.Status is { Length: > 0 } statuses)
        {
            where.Add("d.status = any(@statuses)");
            parameters.Add("statuses", statuses.Distinct().ToArray());
        }
        if (query.MinAmount is not null)
        {
            where.Add("d.amount >= @minAmount");
            parameters.Add("minAmount", query.MinAmount);
        }
        if (query.MaxAmount is not null)
        {
            where.Add("d.amount <= @maxAmount");
            parameters.Add("maxAmount", query.MaxAmount);
        }
        if (query.Stage is not null)
        {
            where.Add("d.stage = @stage");
            parameters.Add("stage", query.Stage);
        }
        if (query.OwnerId is not null)
        {
            where.Add("d.owner_id = @ownerId");
            parameters.Add("ownerId", query.OwnerId);
        }

        var column = OrderColumns[query.OrderBy ?? "created_at"];
        var direction = query.Order == "asc" ? "asc" : "desc";
        var sql = PageSql.Rows("crm_deals d", DealSql.Columns, where, $"{column} {direction}, d.id {direction}");
        return TypedResults.Ok(await connection.ReadRowsAsync<DealResponse>(paging, sql, parameters, ct));
    }
}
