using Atrium.Api.Infrastructure.Errors;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Listings;

/// <summary>A published listing chosen for an order or a donation, as it is at this moment.</summary>
public sealed record AvailableProject(long ProjectId, long CreatorId, string ProjectName, decimal Price, string Currency, long CreatorUserId);

/// <summary>
/// The projects an order or a donation names: each once, each listed and published, none the caller's own.
/// Read under a share lock so that a listing cannot change while the order or donation is written.
/// </summary>
public static class AvailableProjects
{
    private const string Sql = """
        select l.project_id, l.creator_id, s.name as project_name, l.price, l.currency, cr.user_id as creator_user_id
        from shop_listings l
        join spaces s on s.id = l.project_id
        join shop_creators cr on cr.id = l.creator_id
        where l.project_id = any(@projectIds) and l.published and s.deleted_at is null
        for share of l
        """;

    /// <summary>The projects in the order asked, or the problem: 400 <c>duplicate_project</c>, <c>project_not_available</c> or <c>own_project</c>, naming them.</summary>
    public static async Task<(IReadOnlyList<AvailableProject> Projects, ProblemHttpResult? Problem)> ReadAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, long[] projectIds, long callerId, CancellationToken ct)
    {
        var duplicates = projectIds.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (duplicates.Length > 0)
            return ([], Named("duplicate_project", $"Each project may be named once; named more than once: {string.Join(", ", duplicates)}.", duplicates));
        var listed = (await connection.QueryAsync<AvailableProject>(new CommandDefinition(Sql,
            new { projectIds }, transaction, cancellationToken: ct))).ToDictionary(p => p.ProjectId);
        var missing = projectIds.Where(id => !listed.ContainsKey(id)).ToArray();
        if (missing.Length > 0)
            return ([], Named("project_not_available", $"Not on sale: {string.Join(", ", missing)}.", missing));
        var own = projectIds.Where(id => listed[id].CreatorUserId == callerId).ToArray();
        if (own.Length > 0)
            return ([], Named("own_project", $"Not for your own project: {string.Join(", ", own)}.", own));
        return (projectIds.Select(id => listed[id]).ToList(), null);
    }

    private static ProblemHttpResult Named(string code, string message, long[] projectIds)
    {
        var problem = Problems.Invalid("project_ids", code, message);
        problem.ProblemDetails.Extensions["project_ids"] = projectIds;
        return problem;
    }
}
