using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Contacts.UpdateContact;

/// <summary>Partial update: an absent (or null) field stays; an empty <c>email</c> or <c>phone</c> clears it.</summary>
public sealed record UpdateContactRequest(string? Name, string? Email, string? Phone, long? OwnerId);

public sealed class UpdateContactValidator : AbstractValidator<UpdateContactRequest>
{
    public UpdateContactValidator()
    {
        RuleFor(r => r.Name).ContactName().When(r => r.Name is not null);
        RuleFor(r => r.Email).ContactEmail();
        RuleFor(r => r.Phone).ContactPhone();
        RuleFor(r => r.OwnerId).GreaterThan(0);
    }
}

public sealed class UpdateContactEndpoint : ICarterModule
{
    private const string Update = $"""
        update crm_contacts c set name = @name, email = @email, phone = @phone, owner_id = @ownerId
        where c.organization_id = @organizationId and c.id = @id
        returning {ContactSql.Columns}, c.version
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/contacts", CrmRoutes.ContactsTag).MapPatch("/{id:long}", Handle)
            .WithNullSemantics("Left out or `null`: the member keeps its value. `email` or `phone` `\"\"` (or only spaces) clears it; `name` and `owner_id` cannot be cleared.")
            .Validate<UpdateContactRequest>()
            .WithName("UpdateContact")
            .WithSummary("Change a contact.")
            .WithDescription("A member changes only contacts they own; `contacts.manage_all` (manager and up) changes any (else 403). "
                + "Changing `owner_id` hands the contact to another member and needs `contacts.manage_all`; "
                + "a person who is not a member is 404 `owner_not_found`. `If-Match` is optional; when sent it must match the contact's "
                + "`ETag` (412 `etag_mismatch`, nothing written); the answer carries the new `ETag`.")
            .WithETag(ifMatch: true)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> Handle(
        OrganizationMember member, long id, UpdateContactRequest request, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var locked = await connection.QueryVersionedAsync<ContactResponse>(new CommandDefinition(ContactSql.SelectForUpdate,
            new { organizationId = member.SpaceId, id }, transaction, cancellationToken: ct));
        if (locked is null)
            return ContactSql.NotFound();
        if (Preconditions.Stale(http, locked.ETag()) is { } stale)
            return stale;
        var before = locked.Value;
        if (!member.MayChange(before.OwnerId, ContactRules.ManageAll))
            return Problems.Forbidden(ContactRules.ManageAll, "Members change only their own contacts.");

        var ownerId = request.OwnerId ?? before.OwnerId;
        if (await CrmMembers.CheckHandOverAsync(connection, transaction, member, before.OwnerId, ownerId, ContactRules.ManageAll,
                "Handing a contact to another member needs 'contacts.manage_all'.", ct) is { } refused)
            return refused;

        var written = (await connection.QueryVersionedAsync<ContactResponse>(new CommandDefinition(Update, new
        {
            organizationId = member.SpaceId,
            id,
            name = request.Name?.Trim() ?? before.Name,
            email = request.Email is null ? before.Email : ContactRules.Normalize(request.Email),
            phone = request.Phone is null ? before.Phone : ContactRules.Normalize(request.Phone),
            ownerId,
        }, transaction, cancellationToken: ct)))!;
        var after = written.Value;
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "contact.updated", "contact", id,
            before, after, ct);
        await transaction.CommitAsync(ct);
        Preconditions.Stamp(http, written.ETag());
        return TypedResults.Ok(after);
    }
}
