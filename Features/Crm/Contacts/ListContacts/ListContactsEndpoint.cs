using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Database;
using Carter;
using Dapper;
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
        if (paging.Check() is { } invalid)
            return invalid;
        if (member.CheckOwnerFilter(query.OwnerId, ContactRules.ManageAll, "contacts") is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);

        var where = new List<string> { "c.organization_id = @organizationId" };
        var parameters = new DynamicParameters(new { organizationId = member.SpaceId });
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            where.Add("lower(c.name || ' ' || coalesce(c.email, '')) like @pattern");
            parameters.Add("pattern", Like.Contains(query.Search));
        }
        if (query.OwnerId is not null)
        {
            where.Add("c.owner_id = @ownerId");
            parameters.Add("ownerId", query.OwnerId);
        }

        var sql = PageSql.Rows("crm_contacts c", ContactSql.Columns, where, "c.created_at desc, c.id desc");
        return TypedResults.Ok(await connection.ReadRowsAsync<ContactResponse>(paging, sql, parameters, ct));
    }
}
