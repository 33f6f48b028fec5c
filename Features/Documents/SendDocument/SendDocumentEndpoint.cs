using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Mail;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Documents.SendDocument;

[RequestExample("""{"to_user_id": 42, "note": "Please sign by Friday."}""")]
public sealed record SendDocumentRequest(long? ToUserId, long? ToGroupId, string? Note);

public sealed class SendDocumentValidator : AbstractValidator<SendDocumentRequest>
{
    public SendDocumentValidator()
    {
        RuleFor(r => r).Must(r => (r.ToUserId is null) != (r.ToGroupId is null))
            .WithName("to_user_id").WithMessage("Name exactly one recipient: 'to_user_id' or 'to_group_id'.");
        RuleFor(r => r.ToUserId).GreaterThan(0);
        RuleFor(r => r.ToGroupId).GreaterThan(0);
        RuleFor(r => r.Note).MaximumLength(2000);
    }
}

public sealed class SendDocumentEndpoint : ICarterModule
{
    private const string RecipientExists = """
        select case when @toUserId::bigint is not null
                    then exists (select 1 from memberships where space_id = @organizationId and user_id = @toUserId)
                    else exists (select 1 from space_groups where space_id = @organizationId and id = @toGroupId) end
        """;

    private const string Move = $"""
        update documents d
        set status = @status, responsible_user_id = @toUserId, responsible_group_id = @toGroupId
        where d.id = @id
        returning {DocumentAccess.Columns}, d.version
        """;

    // Who is told: the recipient, or every member of the recipient group, but never the sender, and only at a
    // confirmed address (only the owner of an address gets what is sent to it).
    private const string Recipients = """
        select u.email, u.locale
        from users u
        where u.email_confirmed_at is not null and u.id <> @me
          and (u.id = @toUserId
               or u.id in (select mg.user_id from member_groups mg where mg.space_id = @organizationId and mg.group_id = @toGroupId))
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapPost("/{id:long}/send", Handle)
            .Validate<SendDocumentRequest>()
            .WithName("SendDocument")
            .WithSummary("Send (or forward) a document to a member or a department.")
            .WithDescription("Needs `documents.send`. A draft is sent by its author and becomes `sent`; a sent or in-review document is forwarded "
                + "by its responsible party and keeps its status (a holder of `documents.manage_all` may do both). The recipient becomes the "
                + "one responsible party and finds it in their inbox, and is told by e-mail (every member of a group; confirmed addresses only; "
                + "queued in the same transaction and sent after commit); the sender keeps read-only access. A recipient outside the organization: "
                + "404 `recipient_not_found` / `group_not_found`; the current responsible party again: 409 `already_responsible`; "
                + "a signed, rejected or archived document: 409 `invalid_transition`. " + DocumentAccess.IfMatch
                + " The answer carries the new `ETag`.")
            .WithETag(ifMatch: true)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> Handle(OrganizationMember member, long id, SendDocumentRequest request, HttpContext http,
        NpgsqlDataSource db,
        IOptions<MailOptions> mail, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!member.Has(DocumentRights.Send))
            return Problems.Forbidden(DocumentRights.Send);
        if (await DocumentAccess.FindAsync(connection, member, id, ct, transaction, forUpdate: true) is not { } found)
            return DocumentAccess.NotFound();
        if (Preconditions.Stale(http, found.ETag) is { } stale)
            return stale;
        var document = found.Document;
        switch (DocumentWorkflow.CheckSend(document.Status, found.Standing))
        {
            case MoveVerdict.InvalidTransition:
                return DocumentAccess.InvalidTransition(document.Status, DocumentStatus.Sent);
            case MoveVerdict.NotYours:
                return DocumentAccess.NotYours(document.Status == DocumentStatus.Draft
                    ? "Only the author sends a draft."
                    : "Only the responsible party forwards a document.");
        }
        var recipient = new { organizationId = member.SpaceId, request.ToUserId, request.ToGroupId };
        if (!await connection.QuerySingleAsync<bool>(new CommandDefinition(RecipientExists, recipient, transaction, cancellationToken: ct)))
            return request.ToUserId is not null
                ? Problems.NotFound("recipient_not_found", "to_user_id is not a member of this organization.")
                : Problems.NotFound("group_not_found", "to_group_id is not a group of this organization.");
        if (request.ToUserId == document.ResponsibleUserId && request.ToGroupId == document.ResponsibleGroupId)
            return Problems.Conflict("already_responsible", "The recipient is already the responsible party.");

        var status = DocumentWorkflow.AfterSend(document.Status);
        var written = (await connection.QueryVersionedAsync<DocumentResponse>(new CommandDefinition(Move,
            new { id, status, request.ToUserId, request.ToGroupId }, transaction, cancellationToken: ct)))!;
        var sent = written.Value;
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        await DocumentAccess.WriteHistoryAsync(connection, transaction, new HistoryLine(id, "sent", member.UserId, document.Status, status,
            document.ResponsibleUserId, document.ResponsibleGroupId, request.ToUserId, request.ToGroupId, note), ct);
        await DocumentAccess.AddParticipantAsync(connection, transaction, id, member.UserId, ct);
        if (request.ToUserId is { } userId)
            await DocumentAccess.AddParticipantAsync(connection, transaction, id, userId, ct);
        var recipients = await connection.QueryAsync<(string Email, string Locale)>(new CommandDefinition(Recipients,
            new { me = member.UserId, organizationId = member.SpaceId, request.ToUserId, request.ToGroupId }, transaction, cancellationToken: ct));
        foreach (var (email, locale) in recipients)
            await DocumentMail.Received(email, locale, sent, note, mail.Value.PublicUrl).EnqueueAsync(connection, transaction, ct);
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "document.sent", "document", id,
            new { document.Status, document.ResponsibleUserId, document.ResponsibleGroupId },
            new { status, request.ToUserId, request.ToGroupId, note }, ct);
        await transaction.CommitAsync(ct);
        Preconditions.Stamp(http, written.ETag());
        return TypedResults.Ok(sent);
    }
}
