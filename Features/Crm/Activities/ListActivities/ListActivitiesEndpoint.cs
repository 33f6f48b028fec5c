using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Crm.Activities.ListActivities;

public sealed record ListActivitiesQuery(
    [FromQuery(Name = "cursor")] long? Cursor,
    [FromQuery(Name = "limit")] int? Limit);

public sealed class ListActivitiesValidator : AbstractValidator<ListActivitiesQuery>
{
    public ListActivitiesValidator()
    {
        RuleFor(q => q.Cursor).GreaterThan(0);
        RuleFor(q => q.Limit).InclusiveBetween(1, PageQuery.MaxPageSize);
    }
}

/// <summary>A keyset page of a timeline: pass <c>next_cursor</c> as <c>cursor</c> for the next, older page; null at the end.</summary>
public sealed record ActivityPage(IReadOnlyList<ActivityResponse> Items, string? NextCursor);

public sealed class ListActivitiesEndpoint : ICarterModule
{
    private const string Select = $"""
        select {ActivitySql.Columns} from crm_activities a
        where a.organization_id = @organizationId and a.deal_id = @dealId and (@cursor::bigint is null or a.id < @cursor)
        order by a.id desc
        limit @take
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/deals", CrmRoutes.ActivitiesTag).MapGet("/{id:long}/activities", Handle)
            .Validate<ListActivitiesQuery>()
            .WithName("ListDealActivities")
            .WithSummary("The timeline of a deal, newest first.")
            .WithDescription("Keyset pages `{items, next_cursor}`: `limit` 1–100 (default 20); pass `next_cursor` as `cursor` for the "
                + "next, older page (null when there is none). Types: comment, status_changed and stage_changed (`{from, to}`), "
                + "task_created (`{task_id, title}`), system. `author_id` is null for system events.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<ActivityPage>, ProblemHttpResult>> Handle(
        OrganizationMember member, long id, [AsParameters] ListActivitiesQuery query, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var organizationId = member.SpaceId;
        if (!await CrmDeals.ExistsAsync(connection, null, organizationId, id, ct))
            return CrmDeals.NotFound();

        var limit = query.Limit ?? PageQuery.DefaultPageSize;
        var rows = (await connection.QueryAsync<ActivitySql.Row>(new CommandDefinition(Select,
            new { organizationId, dealId = id, query.Cursor, take = limit + 1 }, cancellationToken: ct))).AsList();
        var items = rows.Take(limit).Select(r => r.ToResponse()).ToList();
        var next = rows.Count > limit ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new ActivityPage(items, next));
    }
}
