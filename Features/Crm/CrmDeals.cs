using Atrium.Api.Infrastructure.Errors;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm;

/// <summary>What the deal, task and activity slices say alike about a deal: whether it is in the organization, and its 404.</summary>
public static class CrmDeals
{
    private const string ExistsSql = "select exists (select 1 from crm_deals where organization_id = @organizationId and id = @dealId)";

    /// <summary>Whether the deal exists in the organization (a deal of another organization does not).</summary>
    public static Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long organizationId, long dealId,
        CancellationToken ct) =>
        connection.QuerySingleAsync<bool>(new CommandDefinition(ExistsSql, new { organizationId, dealId },
            transaction, cancellationToken: ct));

    /// <summary>404 <c>deal_not_found</c>: no such deal in this organization.</summary>
    public static ProblemHttpResult NotFound() => Problems.NotFound("deal_not_found", "No deal with this id exists in this organization.");
}
