using Atrium.Api.Features.Crm.Deals.Rules;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Crm.Deals;

/// <summary>A deal as the API shows it.</summary>
public sealed record DealResponse(
    long Id,
    long OrganizationId,
    long ContactId,
    long OwnerId,
    string Title,
    decimal Amount,
    string Currency,
    [property: OneOf(typeof(DealStatuses), nameof(DealStatuses.All))] string Status,
    [property: OneOf(typeof(DealStages), nameof(DealStages.Pipeline))] string Stage,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>SQL shared by the deal slices.</summary>
public static class DealSql
{
    public const string Columns = "d.id, d.organization_id, d.contact_id, d.owner_id, d.title, d.amount, d.currency, d.status, d.stage, d.created_at, d.updated_at";

    /// <summary>One deal of the organization (none when it belongs to another), locked for the caller's transaction; its version last.</summary>
    public const string SelectForUpdate = $"""
        select {Columns}, d.version from crm_deals d
        where d.organization_id = @organizationId and d.id = @id
        for update
        """;

    /// <summary>Whether a contact exists in the organization; locked so that it cannot be deleted before the deal commits.</summary>
    public const string ContactExists = """
        select 1 from crm_contacts where organization_id = @organizationId and id = @contactId for key share
        """;

    /// <summary>The entity tag of a deal at <paramref name="version"/>.</summary>
    public static string ETag(this Versioned<DealResponse> deal) => EntityTags.Strong(deal.Value.Id, deal.Version);

    public const string ContactNotFoundDetail = "contact_id names no contact of this organization.";
}

/// <summary>The answers of the deal slices to a broken rule.</summary>
public static class DealProblems
{
    public static ProblemHttpResult? Of(DealRuleViolation violation) => violation switch
    {
        DealRuleViolation.StageRollbackForbidden => Problems.ForbiddenBy("stage_rollback_forbidden",
            $"Moving a deal's stage backwards needs the permission '{DealRules.StageRollback}' (owner and admin)."),
        DealRuleViolation.AmountMustBePositiveToWin => Problems.Invalid("amount", "deal_amount_must_be_positive",
            "A deal can be won only with an amount greater than 0."),
        _ => null,
    };

    public static ProblemHttpResult ContactNotFound() => Problems.NotFound("contact_not_found", DealSql.ContactNotFoundDetail);
}
