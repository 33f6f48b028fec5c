using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Features.Documents.Content;
using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Crypto;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Documents.ReplaceContent;

public sealed class ReplaceContentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapPut("/{id:long}/content", Handle)
            .WithMetadata(new MultipartUpload.OwnBodyLimit())
            .WithName("ReplaceDocumentContent")
            .WithSummary("Upload a new version of a document's content (multipart/form-data, streamed).")
            .WithDescription("The author holding `documents.manage_own`, or a holder of `documents.manage_all`, while the document is open "
                + "(draft, sent, in_review; else 409 `document_closed`). One file part, as for `POST /documents/upload`; same limits and codes. "
                + "Signatures stay on the version they were made on.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> Handle(OrganizationMember member, long id, HttpContext http, NpgsqlDataSource db, KeyRing keys,
        IOptions<DocumentsOptions> options, CancellationToken ct)
    {
        if (UploadReader.LimitBody(http, options.Value) is { } tooLarge)
            return tooLarge;
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await DocumentAccess.FindAsync(connection, member, id, ct) is not { } found)
            return DocumentAccess.NotFound();
        if (!member.MayManage(found))
            return DocumentAccess.ManageDenied();

        var (file, problem) = await UploadReader.ReadUntilFileAsync(http.Request, options.Value, ct);
        if (problem is not null)
            return problem;

        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await DocumentAccess.FindAsync(connection, member, id, ct, transaction, forUpdate: true) is not { } document)
            return DocumentAccess.NotFound();
        if (!DocumentWorkflow.IsOpen(document.Status))
            return Problems.Conflict("document_closed", $"A {document.Status} document takes no new version.");
        var (changed, version, failed) = await NewVersion.AddAsync(connection, transaction, member, keys, options.Value, id, file!.FileName,
            file.ContentType, file.Body, ct);
        if (failed is not null)
            return failed;
        await DocumentAccess.WriteHistoryAsync(connection, transaction,
            new HistoryLine(id, "version_added", member.UserId, Note: $"Version {version!.Number}: {version.FileName}"), ct);
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "document.version_added", "document", id,
            null, version, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(changed!);
    }
}
