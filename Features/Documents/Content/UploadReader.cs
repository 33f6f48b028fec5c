using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Documents.Content;

/// <summary>The file part of a multipart upload, positioned at its first byte, and the form fields sent before it.</summary>
public sealed record UploadFile(string FileName, string ContentType, Stream Body, IReadOnlyDictionary<string, string> Fields)
{
    public string? Field(string name) => Fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>
/// A document upload over <see cref="MultipartUpload"/>: the file part must declare one of the allowed content
/// types, and the limit is <see cref="DocumentsOptions.MaxUploadBytes"/>.
/// </summary>
public static class UploadReader
{
    /// <summary>
    /// Applies the upload limit to the request (Kestrel then refuses more bytes) and answers 413 at once when
    /// Content-Length already says the body is too large.
    /// </summary>
    public static ProblemHttpResult? LimitBody(HttpContext http, DocumentsOptions options) =>
        MultipartUpload.LimitBody(http, options.MaxUploadBytes) ? null : DocumentContent.TooLarge(options.MaxUploadBytes);

    public static async Task<(UploadFile? File, ProblemHttpResult? Problem)> ReadUntilFileAsync(HttpRequest request, DocumentsOptions options,
        CancellationToken ct)
    {
        var (file, problem) = await MultipartUpload.ReadUntilFileAsync(request, () => DocumentContent.TooLarge(options.MaxUploadBytes), ct);
        if (file is null)
            return (null, problem);
        if (file.ContentType is not { } type || !options.AllowedContentTypes.Contains(type, StringComparer.Ordinal))
            return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_content_type",
                $"The file's content type must be one of: {string.Join(", ", options.AllowedContentTypes)}."));
        return (new UploadFile(file.FileName, type, file.Body, file.Fields), null);
    }

    /// <summary>The answer to an exception raised while reading an upload: 413 past the limit, 400 for a malformed body.</summary>
    public static ProblemHttpResult? ProblemFor(Exception e, DocumentsOptions options) =>
        MultipartUpload.ProblemFor(e, () => DocumentContent.TooLarge(options.MaxUploadBytes));
}
