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

namespace Atrium.Api.Features.Documents.UpdateDocument;

public sealed record UpdateDocumentRequest(string? Title, string? Description);

public sealed class UpdateDocumentValidator : AbstractValidator<UpdateDocumentRequest>
{
    public UpdateDocumentValidator()
    {
        RuleFor(r => r.Title).Must(t => t is null || t.Trim().Length is >= 1 and <= 300).WithMessage("'title' is 1–300 characters.");
        RuleFor(r => r.Description).MaximumLength(5000);
    }
}

public sealed class UpdateDocumentEndpoint : ICarterModule
{
    private const string Update = $"""
        update documents d
        set title = coalesce(@title, d.title),
            description = case when @description::text is null then d.description when btrim(@description) = '' then null else btrim(@description) end
        where d.id = @id
        returning {DocumentAccess.Columns}, d.version
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapPatch("/{id:long}", Handle)
            .WithNullSemantics("Left out or `null`: the member keeps its value. `description` `\"\"` (or only spaces) clears it; `title` cannot be cleared.")
            .Validate<UpdateDocumentRequest>()
            .WithName("UpdateDocument")
            .WithSummary("Change a document's title or description.")
            .WithDescription("The author holding `documents.manage_own`, or a holder of `documents.manage_all`, while the document is open "
                + "(else 409 `document_closed`). An empty `description` clears it. " + DocumentAccess.IfMatch
                + " The answer carries the new `ETag`.")
            .WithETag(ifMatch: true)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> Handle(OrganizationMember member, long id, UpdateDocumentRequest request, HttpContext http,
        NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await DocumentAccess.FindAsync(connection, member, id, ct, transaction, forUpdate: true) is not { } document)
            return DocumentAccess.NotFound();
        if (Preconditions.Stale(http, document.ETag) is { } stale)
            return stale;
        if (!member.MayManage(document))
            return DocumentAccess.ManageDenied();
        if (!DocumentWorkflow.IsOpen(document.Status))
            return Problems.Conflict("document_closed", $"A {document.Status} document cannot be changed.");
        var changed = (await connection.QueryVersionedAsync<DocumentResponse>(new CommandDefinition(Update,
            new { id, title = request.Title?.Trim(), request.Description }, transaction, cancellationToken: ct)))!;
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "document.updated", "document", id,
            document.Document, changed.Value, ct);
        await transaction.CommitAsync(ct);
        Preconditions.Stamp(http, changed.ETag());
        return TypedResults.Ok(changed.Value);
    }
}
