using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
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
    // Four aggregates over the daily rollup document_daily_counts (kept exact by triggers on documents, Sql/0071),
    // one statement each, in one round trip; names are joined to the aggregated rows only. The window is whole days.
    private const string Sql = """
        select c.key as status, sum(c.n)::bigint as count
        from document_daily_counts c
        where c.organization_id = @organizationId and c.kind = 'status' and c.day between @from and @to
        group by c.key order by c.key;

        select g.id as group_id, g.name, t.count
        from (select c.key::bigint as group_id, sum(c.n)::bigint as count
              from document_daily_counts c
              where c.organization_id = @organizationId and c.kind = 'group' and c.day between @from and @to
              group by c.key) t
        join space_groups g on g.id = t.group_id
        order by t.count desc, g.id;

        select u.id as user_id, u.name, u.email, t.count
        from (select c.key::bigint as user_id, sum(c.n)::bigint as count
              from document_daily_counts c
              where c.organization_id = @organizationId and c.kind = 'user' and c.day between @from and @to
              group by c.key) t
        join users u on u.id = t.user_id
        order by t.count desc, u.id;

        select c.day, c.n as count
        from document_daily_counts c
        where c.organization_id = @organizationId and c.kind = 'signed' and c.day between @from and @to
        order by c.day;
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapGet("/statistics", Handle)
            .Validate<StatisticsQuery>()
            .WithName("DocumentStatistics")
            .WithSummary("Counts of the organization's documents by status, by responsible group and user, and signed per day.")
            .WithDescription("Needs `statistics.view`. `from` and `to` are dates (UTC, both included; default: the last 30 days). "
                + "The first three count documents created in the window; `signed_per_day` counts documents signed in it, by day.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<Results<Ok<DocumentStatisticsResponse>, ProblemHttpResult>> Handle(OrganizationMember member, [AsParameters] StatisticsQuery query,
        NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (!member.Has(DocumentRights.Statistics))
            return Problems.Forbidden(DocumentRights.Statistics);

        var to = query.To ?? query.From?.AddDays(29) ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var from = query.From ?? to.AddDays(-29);
        var parameters = new { organizationId = member.SpaceId, from, to };
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, parameters, cancellationToken: ct));
        var byStatus = (await results.ReadAsync<StatusCount>()).AsList();
        var byGroup = (await results.ReadAsync<GroupCount>()).AsList();
        var byUser = (await results.ReadAsync<UserCount>()).AsList();
        var perDay = (await results.ReadAsync<DayCount>()).AsList();
        return TypedResults.Ok(new DocumentStatisticsResponse(from, to, byStatus, byGroup, byUser, perDay));
    }
}
