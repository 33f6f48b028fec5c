using System.Security.Cryptography;
using Atrium.Api.Features.Documents.Content;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Crypto;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Documents.DownloadContent;

public sealed record DownloadQuery([FromQuery(Name = "version")] int? Version);

public sealed class DownloadQueryValidator : AbstractValidator<DownloadQuery>
{
    public DownloadQueryValidator() => RuleFor(q => q.Version).GreaterThan(0);
}

/// <summary>
/// Streams the decrypted content of a version (or a byte range of it) straight from the chunks, one chunk in memory
/// at a time: <c>Content-Disposition: attachment</c>, a strong ETag (the SHA-256), <c>Accept-Ranges: bytes</c>,
/// 206 for one satisfiable range, 416 for an unsatisfiable one, 304 for a matching <c>If-None-Match</c>.
/// </summary>
public sealed class ContentStreamResult(NpgsqlDataSource db, KeyRing keys, DocumentsOptions options, StoredVersion version) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        response.Headers.ETag = version.ETag;
        response.Headers.AcceptRanges = "bytes";
        if (EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var tags)
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new EntityTagHeaderValue(version.ETag), useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        long from = 0, to = version.SizeBytes - 1;
        if (RangeHeaderValue.TryParse(http.Request.Headers.Range.ToString(), out var range)
            && range.Unit.Equals("bytes", StringComparison.OrdinalIgnoreCase) && range.Ranges.Count == 1)
        {
            var item = range.Ranges.First();
            (from, to) = item switch
            {
                { From: { } f, To: { } t } => (f, Math.Min(t, version.SizeBytes - 1)),
                { From: { } f } => (f, version.SizeBytes - 1),
                { To: { } suffix } => (Math.Max(0, version.SizeBytes - suffix), version.SizeBytes - 1),
                _ => (0, version.SizeBytes - 1),
            };
            if (from >= version.SizeBytes || from > to)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = $"bytes */{version.SizeBytes}";
                return;
            }
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {from}-{to}/{version.SizeBytes}";
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
        }

        response.ContentType = version.ContentType;
        response.ContentLength = to - from + 1;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(version.FileName);
        response.Headers.ContentDisposition = disposition.ToString();
        if (HttpMethods.IsHead(http.Request.Method))
            return;

        var first = (int)(from / version.ChunkSize);
        var last = (int)(to / version.ChunkSize);
        var position = (long)first * version.ChunkSize;
        await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
        await foreach (var chunk in DocumentContent.ReadChunksAsync(connection, keys, options, version, first, last, http.RequestAborted))
        {
            var start = (int)Math.Max(0, from - position);
            var end = (int)Math.Min(chunk.Length, to - position + 1);
            await response.Body.WriteAsync(chunk[start..end], http.RequestAborted);
            position += chunk.Length;
        }
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(byte[]), ["application/octet-stream"]));
}

public sealed class DownloadContentEndpoint : ICarterModule
{
    private const string LatestOrNamed = "select coalesce(@version, current_version) from documents where id = @id";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapGet("/{id:long}/content", Handle)
            .Validate<DownloadQuery>()
            .WithName("DownloadDocumentContent")
            .WithSummary("Download a version of a document's content (the latest by default), streamed.")
            .WithDescription("Anyone who may see the document may download it. `Content-Disposition: attachment`; `ETag` is the version's SHA-256 "
                + "(`If-None-Match` → 304); one `Range: bytes=…` gives 206 with `Content-Range`, an unsatisfiable one 416. "
                + "Every download writes an audit event `document.downloaded`. `version` out of range: 404 `version_not_found`.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<ContentStreamResult, ProblemHttpResult>> Handle(OrganizationMember member, long id, [AsParameters] DownloadQuery query, HttpContext http,
        NpgsqlDataSource db, KeyRing keys, IOptions<DocumentsOptions> options, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await DocumentAccess.FindAsync(connection, member, id, ct) is null)
            return DocumentAccess.NotFound();
        var number = await connection.QuerySingleAsync<int>(new CommandDefinition(LatestOrNamed, new { id, query.Version }, cancellationToken: ct));
        if (await DocumentContent.FindVersionAsync(connection, id, number, ct) is not { } version)
            return Problems.NotFound("version_not_found", "The document has no such version.");
        try
        {
            keys.Unwrap(new WrappedKey(version.KeyId, version.WrappedKey));
        }
        catch (CryptographicException)
        {
            return Problems.Conflict("content_unreadable", "The content's key does not open with the configured master keys.");
        }
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "document.downloaded", "document", id, null,
                new { version = version.Number, range = http.Request.Headers.Range.ToString() }, ct);
            await transaction.CommitAsync(ct);
        }
        return new ContentStreamResult(db, keys, options.Value, version);
    }
}
