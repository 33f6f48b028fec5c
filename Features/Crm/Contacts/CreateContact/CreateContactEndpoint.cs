using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Contacts.CreateContact;

public sealed record CreateContactRequest(string Name, string? Email, string? Phone, long? OwnerId);

public sealed class CreateContactValidator : AbstractValidator<CreateContactRequest>
{
    public CreateContactValidator()
    {
        RuleFor(r => r.Name).ContactName();
        RuleFor(r => r.Email).ContactEmail();
        RuleFor(r => r.Phone).ContactPhone();
        RuleFor(r => r.OwnerId).GreaterThan(0);
    }
}

public sealed class CreateContactEndpoint : ICarterModule
{
    private const string Insert = $"""
        insert into crm_contacts as c (organization_id, owner_id, name, email, phone)
        values (@organizationId, @ownerId, @name, @email, @phone)
        returning {ContactSql.Columns}
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/contacts", CrmRoutes.ContactsTag).MapPost("", Handle)
            .Validate<CreateContactRequest>()
            .WithName("CreateContact")
            .WithSummary("Create a contact in the organization.")
            .WithDescription("Any member may create contacts; the caller owns the new contact unless `owner_id` names another member, "
                + "which needs `contacts.manage_all` (403) and a member of the organization (404 `owner_not_found`). "
                + "An empty `email` or `phone` means none.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Created<ContactResponse>, ProblemHttpResult>> Handle(
        OrganizationMember member, CreateContactRequest request, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var ownerId = request.OwnerId ?? member.UserId;
        if (await CrmMembers.CheckHandOverAsync(connection, transaction, member, member.UserId, ownerId, ContactRules.ManageAll,
                "Only members with 'contacts.manage_all' create contacts for others.", ct) is { } refused)
            return refused;

        var contact = await connection.QuerySingleAsync<ContactResponse>(new CommandDefinition(Insert, new
        {
            organizationId = member.SpaceId,
            ownerId,
            name = request.Name.Trim(),
            email = ContactRules.Normalize(request.Email),
            phone = ContactRules.Normalize(request.Phone),
        }, transaction, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "contact.created", "contact", contact.Id,
            null, contact, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/contacts/{contact.Id}", contact);
    }
}
