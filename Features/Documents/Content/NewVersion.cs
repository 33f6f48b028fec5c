using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Crypto;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Documents.Content;

/// <summary>What a new document starts from: its fields and the stream of its first version.</summary>
public sealed record NewDocumentInput(string Title, string? Description, string FileName, string ContentType, Stream Content);

/// <summary>
/// The writes that create a document or give it a new version, shared by the JSON and multipart routes: one
/// transaction holding the document, its encrypted content, its history line and its audit event.
/// </summary>
public static class NewVersion
{
    private const string InsertDocument = """
        insert into documents (organization_id, title, description, author_id, responsible_user_id)
        values (@organizationId, @title, @description, @authorId, @authorId)
        returning id
        """;

    private const string PointAtVersion = $"""
        update documents d
        set current_version = @number, content_terms = document_text_terms(@text)
        where d.id = @id
        returning {DocumentAccess.Columns}
        """;

    /// <summary>Creates the document with its first version; 403 without <c>documents.create</c>.</summary>
    public static async Task<Results<Created<DocumentResponse>, ProblemHttpResult>> CreateAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, SpaceMember member, HttpContext http, KeyRing keys, DocumentsOptions options, NewDocumentInput input,
        CancellationToken ct)
    {
        var id = await connection.QuerySingleAsync<long>(new CommandDefinition(InsertDocument, new
        {
            organizationId = member.SpaceId,
            title = input.Title.Trim(),
            description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            authorId = member.UserId,
        }, transaction, cancellationToken: ct));
        var (document, version, problem) = await AddAsync(connection, transaction, member, keys, options, id, input.FileName, input.ContentType,
            input.Content, ct);
        if (problem is not null)
            return problem;
        await DocumentAccess.WriteHistoryAsync(connection, transaction,
            new HistoryLine(id, "created", member.UserId, ToStatus: DocumentStatus.Draft, ToUserId: member.UserId), ct);
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "document.created", "document", id, null,
            new { document, version }, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/documents/{id}", document!);
    }

    /// <summary>Writes a version of the document and makes it the current one; the document and the version, or the problem.</summary>
    public static async Task<(DocumentResponse? Document, VersionResponse? Version, ProblemHttpResult? Problem)> AddAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, SpaceMember member, KeyRing keys, DocumentsOptions options, long documentId, string fileName,
        string contentType, Stream content, CancellationToken ct)
    {
        WriteOutcome outcome;
        try
        {
            outcome = await DocumentContent.WriteAsync(connection, transaction, keys, options, documentId, member.UserId, fileName, contentType,
                content, ct);
        }
        catch (Exception e) when (UploadReader.ProblemFor(e, options) is { } problem)
        {
            return (null, null, problem);
        }
        if (outcome.Problem is not null)
            return (null, null, outcome.Problem);
        var document = await connection.QuerySingleAsync<DocumentResponse>(new CommandDefinition(PointAtVersion,
            new { id = documentId, outcome.Version!.Number, text = outcome.Text ?? "" }, transaction, cancellationToken: ct));
        return (document, outcome.Version, null);
    }

    public static ProblemHttpResult CreateDenied() => Problems.Forbidden(DocumentRights.Create);
}
