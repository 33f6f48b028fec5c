using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Contacts.GetContact;

public sealed class GetContactEndpoint : ICarterModule
{
    private const string Select = $"""
        select {ContactSql.Columns}, c.version from crm_contacts c
        where c.organization_id = @organizationId and c.id = @id
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/contacts", CrmRoutes.ContactsTag).MapGet("/{id:long}", Handle)
            .WithName("GetContact")
            .WithSummary("One contact of the organization.")
            .WithETag(ifNoneMatch: true)
            .WithDescription("Every member reads every contact. A contact of another organization is 404 `contact_not_found`. The strong "
                + "`ETag` (`\"<id>-<version>\"`) changes with every change of the contact; PATCH and DELETE compare it with `If-Match`, "
                + "and a matching `If-None-Match` is answered 304.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<ContactResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        OrganizationCaller caller, long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);

        await using var reads = await PermissionEngine.ReadAsMemberAsync(connection, caller, Select,
            new { organizationId = caller.SpaceId, id }, ct);
        if (reads.Problem is not null)
            return reads.Problem;
        var contact = await reads.ReadVersionedAsync<ContactResponse>();
        if (contact is null)
            return ContactSql.NotFound();
        return Preconditions.NotModified(http, contact.ETag())
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(contact.Value);
    }
}
