using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Documents.Statistics;

/// <summary>A window of days, both ends included (UTC); by default the last 30 days.</summary>
public sealed record StatisticsQuery([FromQuery(Name = "from")] DateOnly? From, [FromQuery(Name = "to")] DateOnly? To);

public sealed class StatisticsQueryValidator : AbstractValidator<StatisticsQuery>
{
    public StatisticsQueryValidator()
    {
        RuleFor(q => q).Must(q => q.From is null || q.To is null || q.From <= q.To).WithName("from").WithMessage("'from' must not be after 'to'.");
        RuleFor(q => q).Must(q => q.From is null || q.To is null || q.To.Value.DayNumber - q.From.Value.DayNumber <= 3660)
            .WithName("to").WithMessage("The window is at most ten years.");
        RuleFor(q => q.From).Must(d => d is null || d.Value.Year is >= 1970 and <= 9000).WithMessage("'from' is out of range.");
        RuleFor(q => q.To).Must(d => d is null || d.Value.Year is >= 1970 and <= 9000).WithMessage("'to' is out of range.");
    }
}

public sealed record StatusCount(string Status, long Count);
public sealed record GroupCount(long GroupId, string Name, long Count);
public sealed record UserCount(long UserId, string? Name, string Email, long Count);
public sealed record DayCount(DateOnly Day, long Count);

public sealed record DocumentStatisticsResponse(DateOnly From, DateOnly To, IReadOnlyList<StatusCount> ByStatus,
    IReadOnlyList<GroupCount> ByResponsibleGroup, IReadOnlyList<UserCount> ByResponsibleUser, IReadOnlyList<DayCount> SignedPerDay);

public sealed class DocumentStatisticsEndpoint : ICarterModule
{
    // Four aggregates, one statement each, in one round trip. The first three read the covering index
    // documents_org_created (organization_id, created_at) include (status, responsible_user_id, responsible_group_id)
    // and join names only to the aggregated rows; the last reads the partial index documents_org_signed.
    private const string Sql = """
        select d.status, count(*) as count
        from documents d
        where d.organization_id = @OrganizationId and d.created_at >= @Start and d.created_at < @End
        group by d.status order by d.status;

        select c.group_id, g.name, c.count
        from (select d.responsible_group_id as group_id, count(*) as count
              from documents d
              where d.organization_id = @OrganizationId and d.created_at >= @Start and d.created_at < @End
                and d.responsible_group_id is not null
              group by d.responsible_group_id) c
        join space_groups g on g.id = c.group_id
        order by c.count desc, c.group_id;

        select c.user_id, u.name, u.email, c.count
        from (select d.responsible_user_id as user_id, count(*) as count
              from documents d
              where d.organization_id = @OrganizationId and d.created_at >= @Start and d.created_at < @End
                and d.responsible_user_id is not null
              group by d.responsible_user_id) c
        join users u on u.id = c.user_id
        order by c.count desc, c.user_id;

        select (d.signed_at at time zone 'UTC')::date as day, count(*) as count
        from documents d
        where d.organization_id = @OrganizationId and d.signed_at >= @Start and d.signed_at < @End
        group by 1 order by 1;
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapGet("/statistics", Handle)
            .Validate<StatisticsQuery>()
            .WithName("DocumentStatistics")
            .WithSummary("Counts of the organization's documents by status, by responsible group and user, and signed per day.")
            .WithDescription("Needs `statistics.view`. `from` and `to` are dates (UTC, both included; default: the last 30 days). "
                + "The first three count documents created in the window; `signed_per_day` counts documents signed in it, by day.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<Results<Ok<DocumentStatisticsResponse>, ProblemHttpResult>> Handle([AsParameters] StatisticsQuery query,
        HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var access = await DocumentAccess.EnterAsync(http, connection, ct);
        if (access.Denied)
            return access.Problem!;
        if (!access.Member!.Has(DocumentRights.Statistics))
            return Problems.Forbidden(DocumentRights.Statistics);

        var to = query.To ?? query.From?.AddDays(29) ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var from = query.From ?? to.AddDays(-29);
        var parameters = new
        {
            OrganizationId = access.Member.SpaceId,
            Start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            End = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        };
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, parameters, cancellationToken: ct));
        var byStatus = (await results.ReadAsync<StatusCount>()).AsList();
        var byGroup = (await results.ReadAsync<GroupCount>()).AsList();
        var byUser = (await results.ReadAsync<UserCount>()).AsList();
        var perDay = (await results.ReadAsync<DayCount>()).AsList();
        return TypedResults.Ok(new DocumentStatisticsResponse(from, to, byStatus, byGroup, byUser, perDay));
    }
}
