using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Documents.DeleteDocument;

public sealed class DeleteDocumentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapDelete("/{id:long}", Handle)
            .WithName("DeleteDocument")
            .WithSummary("Delete a draft with its content.")
            .WithDescription("The author holding `documents.manage_own`, or a holder of `documents.manage_all`. Only a draft can be deleted "
                + "(409 `document_not_draft`): a document that was sent is part of the record and is archived instead.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var access = await DocumentAccess.EnterAsync(http, connection, ct, transaction);
        if (access.Denied)
            return access.Problem!;
        var member = access.Member!;
        if (await DocumentAccess.FindAsync(connection, member, id, ct, transaction, forUpdate: true) is not { } document)
            return DocumentAccess.NotFound();
        if (!member.MayManage(document))
            return DocumentAccess.ManageDenied();
        if (document.Status != DocumentStatus.Draft)
            return Problems.Conflict("document_not_draft", "Only a draft can be deleted; archive it instead.");
        await connection.ExecuteAsync(new CommandDefinition("delete from documents where id = @id", new { id }, transaction, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "document.deleted", "document", id,
            document.Document, null, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
