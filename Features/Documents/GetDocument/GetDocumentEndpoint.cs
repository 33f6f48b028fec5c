using Atrium.Api.Features.Documents.Content;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Features.Documents.Rules;

namespace Atrium.Api.Features.Documents.GetDocument;

/// <summary>One line of a document's history.</summary>
public sealed record HistoryResponse(long Id, string Action, long? ActorId, [property: OneOf(typeof(DocumentStatus), nameof(DocumentStatus.All))] string? FromStatus, [property: OneOf(typeof(DocumentStatus), nameof(DocumentStatus.All))] string? ToStatus, long? FromUserId,
    long? FromGroupId, long? ToUserId, long? ToGroupId, string? Note, DateTime CreatedAt);

/// <summary>A document with its versions (oldest first) and its history (oldest first).</summary>
public sealed record DocumentDetailResponse(DocumentResponse Document, IReadOnlyList<VersionResponse> Versions, IReadOnlyList<HistoryResponse> History);

public sealed class GetDocumentEndpoint : ICarterModule
{
    private const string Sql = """
        select v.number, v.file_name, v.content_type, v.size_bytes, encode(v.sha256, 'hex') as sha256, v.created_by, v.created_at
        from document_versions v where v.document_id = @id and v.sha256 is not null order by v.number;
        select h.id, h.action, h.actor_id, h.from_status, h.to_status, h.from_user_id, h.from_group_id, h.to_user_id, h.to_group_id,
               h.note, h.created_at
        from document_history h where h.document_id = @id order by h.id;
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapGet("/{id:long}", Handle)
            .WithName("GetDocument")
            .WithSummary("A document with its versions and its history.")
            .WithDescription("Visible to its author, its responsible user or the members of its responsible group, the people it passed through, "
                + "and holders of `documents.read_all`; 404 `document_not_found` for anyone else and for another organization's document. "
                + "The strong `ETag` (`\"<id>-<version>\"`) changes with every change of the document (an edit, a send, a status move, a "
                + "signature, new content); PATCH, DELETE, `/send` and `/status` compare it with `If-Match`, and a matching `If-None-Match` is "
                + "answered 304.")
            .WithETag(ifNoneMatch: true)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<DocumentDetailResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(OrganizationMember member, long id, HttpContext http, NpgsqlDataSource db,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await DocumentAccess.FindAsync(connection, member, id, ct) is not { } document)
            return DocumentAccess.NotFound();
        if (Preconditions.NotModified(http, document.ETag))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new { id }, cancellationToken: ct));
        var versions = (await results.ReadAsync<VersionResponse>()).AsList();
        var history = (await results.ReadAsync<HistoryResponse>()).AsList();
        return TypedResults.Ok(new DocumentDetailResponse(document.Document, versions, history));
    }
}
