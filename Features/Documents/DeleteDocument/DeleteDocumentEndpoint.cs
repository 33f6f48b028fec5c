using Atrium.Api.Features.Documents.Content;
using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Documents.DeleteDocument;

public sealed class DeleteDocumentEndpoint : ICarterModule
{
    private const string FiledVersions = "select id from document_versions where document_id = @id and storage = 'folder'";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapDelete("/{id:long}", Handle)
            .WithName("DeleteDocument")
            .WithSummary("Delete a draft with its content.")
            .WithDescription("The author holding `documents.manage_own`, or a holder of `documents.manage_all`. Only a draft can be deleted "
                + "(409 `document_not_draft`): a document that was sent is part of the record and is archived instead. " + DocumentAccess.IfMatch)
            .WithETag(ifMatch: true)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(OrganizationMember member, long id, HttpContext http, NpgsqlDataSource db,
        IOptions<DocumentsOptions> options, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await DocumentAccess.FindAsync(connection, member, id, ct, transaction, forUpdate: true) is not { } document)
            return DocumentAccess.NotFound();
        if (Preconditions.Stale(http, document.ETag) is { } stale)
            return stale;
        if (!member.MayManage(document))
            return DocumentAccess.ManageDenied();
        if (document.Status != DocumentStatus.Draft)
            return Problems.Conflict("document_not_draft", "Only a draft can be deleted; archive it instead.");
        var filed = (await connection.QueryAsync<long>(new CommandDefinition(FiledVersions, new { id }, transaction, cancellationToken: ct))).AsList();
        await connection.ExecuteAsync(new CommandDefinition("delete from documents where id = @id", new { id }, transaction, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "document.deleted", "document", id,
            document.Document, null, ct);
        await transaction.CommitAsync(ct);
        ChunkStores.DeleteFiles(options.Value, filed);
        return TypedResults.NoContent();
    }
}
