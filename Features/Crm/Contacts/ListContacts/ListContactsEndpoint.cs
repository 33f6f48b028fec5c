using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Database;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Crm.Contacts.ListContacts;

public sealed record ListContactsQuery(
    [FromQuery(Name = "search")] string? Search,
    [FromQuery(Name = "owner_id")] long? OwnerId);

public sealed class ListContactsValidator : AbstractValidator<ListContactsQuery>
{
    public ListContactsValidator()
    {
        RuleFor(q => q.Search).MaximumLength(200);
        RuleFor(q => q.OwnerId).GreaterThan(0);
    }
}

public sealed class ListContactsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/contacts", CrmRoutes.ContactsTag).MapGet("", Handle)
            .Validate<ListContactsQuery>()
            .WithName("ListContacts")
            .WithSummary("The organization's contacts, newest first, one page at a time.")
            .WithDescription("`search` matches a substring of the name or the e-mail without regard to case (trigram index). "
                + "`owner_id` filters by owner and is for members holding `contacts.manage_all` (manager and up); "
                + "a member may pass only their own id — any other is 403 `permission_denied`, never silently ignored. "
                + "`page` ≥ 1 (default 1), `page_size` 1–100 (default 20); out of range is 400.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<Paged<ContactResponse>>, ProblemHttpResult>> Handle(
        OrganizationMember member, [AsParameters] PageQuery paging, [AsParameters] ListContactsQuery query, NpgsqlDataSource db, CancellationToken ct)
    {
        if (Refusal(member, paging, query) is { } refused)
            return refused;
        await using var connection = await db.OpenConnectionAsync(ct);

        var (sql, parameters) = Query(member, query);
        return TypedResults.Ok(await connection.ReadRowsAsync<ContactResponse>(paging, sql, parameters, ct));
    }

    /// <summary>What is refused before any query: a page out of range, an owner filter the caller may not use.</summary>
    internal static ProblemHttpResult? Refusal(OrganizationMember member, PageQuery paging, ListContactsQuery query) =>
        paging.Check() ?? member.CheckOwnerFilter(query.OwnerId, ContactRules.ManageAll, "contacts");

    /// <summary>The page query of the filter and its parameters, besides the page's own (shared with <see cref="ListContactsRawTwin"/>).</summary>
    internal static (string Sql, Dictionary<string, object> Parameters) Query(OrganizationMember member, ListContactsQuery query)
    {
        var where = new List<string> { "c.organization_id = @organizationId" };
        var parameters = new Dictionary<string, object> { ["organizationId"] = member.SpaceId };
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            where.Add("lower(c.name || ' ' || coalesce(c.email, '')) like @pattern");
            parameters["pattern"] = Like.Contains(query.Search)!;
        }
        if (query.OwnerId is { } ownerId)
        {
            where.Add("c.owner_id = @ownerId");
            parameters["ownerId"] = ownerId;
        }
        return (PageSql.Rows("crm_contacts c", ContactSql.Columns, where, "c.created_at desc, c.id desc"), parameters);
    }
}
