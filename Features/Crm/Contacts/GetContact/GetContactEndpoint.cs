using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Contacts.GetContact;

public sealed class GetContactEndpoint : ICarterModule
{
    private const string Select = $"""
        select {ContactSql.Columns} from crm_contacts c
        where c.organization_id = @organizationId and c.id = @id
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/contacts", CrmRoutes.ContactsTag).MapGet("/{id:long}", Handle)
            .WithName("GetContact")
            .WithSummary("One contact of the organization.")
            .WithDescription("Every member reads every contact. A contact of another organization is 404 `contact_not_found`.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> Handle(OrganizationMember member, long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);

        var contact = await connection.QuerySingleOrDefaultAsync<ContactResponse>(new CommandDefinition(Select,
            new { organizationId = member.SpaceId, id }, cancellationToken: ct));
        return contact is null ? ContactSql.NotFound() : TypedResults.Ok(contact);
    }
}
