using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Contacts.DeleteContact;

public sealed class DeleteContactEndpoint : ICarterModule
{
    private const string HasDeals = "select exists (select 1 from crm_deals where organization_id = @organizationId and contact_id = @id)";
    private const string Delete = "delete from crm_contacts where organization_id = @organizationId and id = @id";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/contacts", CrmRoutes.ContactsTag).MapDelete("/{id:long}", Handle)
            .WithName("DeleteContact")
            .WithSummary("Delete a contact that has no deals.")
            .WithDescription("A member deletes only contacts they own; `contacts.manage_all` deletes any (else 403). "
                + "A contact with deals in any status or stage is 409 `contact_has_deals`: delete or move its deals first. "
                + "`If-Match` is optional; when sent it must match the contact's `ETag` (412 `etag_mismatch`).")
            .WithETag(ifMatch: true)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(OrganizationMember member, long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var parameters = new { organizationId = member.SpaceId, id };
        var locked = await connection.QueryVersionedAsync<ContactResponse>(new CommandDefinition(ContactSql.SelectForUpdate,
            parameters, transaction, cancellationToken: ct));
        if (locked is null)
            return ContactSql.NotFound();
        if (Preconditions.Stale(http, locked.ETag()) is { } stale)
            return stale;
        var contact = locked.Value;
        if (!member.MayChange(contact.OwnerId, ContactRules.ManageAll))
            return Problems.Forbidden(ContactRules.ManageAll, "Members delete only their own contacts.");
        if (await connection.QuerySingleAsync<bool>(new CommandDefinition(HasDeals, parameters, transaction, cancellationToken: ct)))
            return ContactHasDeals();

        try
        {
            await connection.ExecuteAsync(new CommandDefinition(Delete, parameters, transaction, cancellationToken: ct));
            await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "contact.deleted", "contact", id,
                contact, null, ct);
            await transaction.CommitAsync(ct);
        }
        catch (PostgresException e) when (e.IsForeignKeyViolation("crm_deals_contact_fk"))
        {
            // A deal was attached between the check and the delete.
            return ContactHasDeals();
        }
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult ContactHasDeals() =>
        Problems.Conflict("contact_has_deals", "This contact has deals; a contact with deals cannot be deleted.");
}
