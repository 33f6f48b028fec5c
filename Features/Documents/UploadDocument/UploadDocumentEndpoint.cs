using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Features.Documents.Content;
using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Crypto;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Documents.UploadDocument;

public sealed class UploadDocumentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapPost("/upload", Handle)
            .WithMetadata(new MultipartUpload.OwnBodyLimit())
            .WithName("UploadDocument")
            .WithSummary("Create a document from an uploaded file (multipart/form-data, streamed).")
            .WithDescription("Needs `documents.create`. Form fields `title` (default: the file name) and `description` come before one file part, "
                + "whose `Content-Type` must be an allowed type (415 `unsupported_content_type`). The file is hashed and encrypted chunk by chunk "
                + "as it arrives and never held whole in memory. Empty file: 400 `empty_file`; no file part: 400 `file_missing`; "
                + "malformed body: 400 `invalid_multipart`; not multipart: 415 `multipart_expected`; past `Documents:MaxUploadBytes`: 413. "
                + "A failed upload leaves nothing behind.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<Created<DocumentResponse>, ProblemHttpResult>> Handle(OrganizationMember member, HttpContext http, NpgsqlDataSource db, KeyRing keys,
        IOptions<DocumentsOptions> options, CancellationToken ct)
    {
        if (UploadReader.LimitBody(http, options.Value) is { } tooLarge)
            return tooLarge;
        await using var connection = await db.OpenConnectionAsync(ct);
        if (!member.Has(DocumentRights.Create))
            return NewVersion.CreateDenied();

        var (file, problem) = await UploadReader.ReadUntilFileAsync(http.Request, options.Value, ct);
        if (problem is not null)
            return problem;
        var title = file!.Field("title") ?? file.FileName;
        if (title.Length > 300)
            return Problems.Invalid("title", "validation_failed", "'title' is 1–300 characters.");
        var description = file.Field("description");
        if (description?.Length > 5000)
            return Problems.Invalid("description", "validation_failed", "'description' is at most 5000 characters.");

        await using var transaction = await connection.BeginTransactionAsync(ct);
        return await NewVersion.CreateAsync(connection, transaction, member, http, keys, options.Value,
            new NewDocumentInput(title, description, file.FileName, file.ContentType, file.Body), ct);
    }
}
