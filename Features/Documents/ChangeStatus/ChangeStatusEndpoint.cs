using Atrium.Api.Features.Documents.Rules;
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

namespace Atrium.Api.Features.Documents.ChangeStatus;

public sealed record ChangeStatusRequest([property: OneOf(typeof(DocumentStatus), nameof(DocumentStatus.All))] string Status, string? Note);

public sealed class ChangeStatusValidator : AbstractValidator<ChangeStatusRequest>
{
    public ChangeStatusValidator()
    {
        RuleFor(r => r.Status).NotEmpty().Must(DocumentStatus.IsValid)
            .WithMessage($"'status' is one of {string.Join(", ", DocumentStatus.All)}.");
        RuleFor(r => r.Note).MaximumLength(2000);
    }
}

public sealed class ChangeStatusEndpoint : ICarterModule
{
    private const string Move = $"""
        update documents d set status = @status where d.id = @id
        returning {DocumentAccess.Columns}, d.version
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapPost("/{id:long}/status", Handle)
            .Validate<ChangeStatusRequest>()
            .WithName("ChangeDocumentStatus")
            .WithSummary("Move a document in its workflow.")
            .WithDescription("sent → in_review and sent | in_review → rejected: the responsible party (user, or a member of the group); "
                + "signed | rejected → archived: the author, the responsible party or a holder of `documents.manage_all`. "
                + "→ sent happens by `/send` and → signed by `/sign` (409 `use_send` / `use_sign`); any other move is 409 `invalid_transition`; "
                + "a move the caller may not make is 403 `not_responsible`. Every move writes a history line and an audit event. "
                + DocumentAccess.IfMatch + " The answer carries the new `ETag`.")
            .WithETag(ifMatch: true)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> Handle(OrganizationMember member, long id, ChangeStatusRequest request, HttpContext http,
        NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await DocumentAccess.FindAsync(connection, member, id, ct, transaction, forUpdate: true) is not { } found)
            return DocumentAccess.NotFound();
        if (Preconditions.Stale(http, found.ETag) is { } stale)
            return stale;
        var from = found.Status;
        switch (DocumentWorkflow.Check(from, request.Status, found.Standing))
        {
            case MoveVerdict.InvalidTransition:
                return DocumentAccess.InvalidTransition(from, request.Status);
            case MoveVerdict.BySending:
                return Problems.Conflict("use_send", "A document becomes sent by POST /documents/{id}/send.");
            case MoveVerdict.BySigning:
                return Problems.Conflict("use_sign", "A document becomes signed by POST /documents/{id}/sign.");
            case MoveVerdict.NotYours:
                return DocumentAccess.NotYours($"You may not move this document from '{from}' to '{request.Status}'.");
        }
        var moved = (await connection.QueryVersionedAsync<DocumentResponse>(new CommandDefinition(Move, new { id, request.Status },
            transaction, cancellationToken: ct)))!;
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        await DocumentAccess.WriteHistoryAsync(connection, transaction,
            new HistoryLine(id, "status_changed", member.UserId, from, request.Status, Note: note), ct);
        await DocumentAccess.AddParticipantAsync(connection, transaction, id, member.UserId, ct);
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "document.status_changed", "document", id,
            new { status = from }, new { status = request.Status, note }, ct);
        await transaction.CommitAsync(ct);
        Preconditions.Stamp(http, moved.ETag());
        return TypedResults.Ok(moved.Value);
    }
}
