using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Atrium.Api.Features.Documents.Content;

/// <summary>The file part of a multipart upload, positioned at its first byte, and the form fields sent before it.</summary>
public sealed record UploadFile(string FileName, string ContentType, Stream Body, IReadOnlyDictionary<string, string> Fields)
{
    public string? Field(string name) => Fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>
/// Reads a <c>multipart/form-data</c> upload as a stream: the small form fields that come first, then the file
/// part, which the caller streams on (the file is never buffered). Every way the input can be wrong is a 4xx with a code.
/// </summary>
public static class UploadReader
{
    private const int MaxFieldChars = 10_000;
    /// <summary>Room for the multipart boundaries and fields around the file.</summary>
    private const long Overhead = 64 * 1024;

    /// <summary>Lifts the default request body limit on an upload route; the handler sets the upload limit itself.</summary>
    public sealed class OwnBodyLimit : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => long.MaxValue;
    }

    /// <summary>
    /// Applies the upload limit to the request (Kestrel then refuses more bytes) and answers 413 at once when
    /// Content-Length already says the body is too large.
    /// </summary>
    public static ProblemHttpResult? LimitBody(HttpContext http, DocumentsOptions options)
    {
        var limit = options.MaxUploadBytes + Overhead;
        if (http.Request.ContentLength > limit)
            return DocumentContent.TooLarge(options.MaxUploadBytes);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        return null;
    }

    public static async Task<(UploadFile? File, ProblemHttpResult? Problem)> ReadUntilFileAsync(HttpRequest request, DocumentsOptions options,
        CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "multipart_expected",
                "Send the file as multipart/form-data with one file part."));
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200)
            return (null, InvalidMultipart("The multipart boundary is missing or too long."));

        var reader = new MultipartReader(boundary, request.Body);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    return (null, InvalidMultipart("Every part needs a 'Content-Disposition: form-data' header."));
                if (disposition.IsFileDisposition())
                {
                    var fileName = CleanFileName(disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value);
                    if (!MediaTypeHeaderValue.TryParse(section.ContentType, out var fileType) || fileType.MediaType.Value is not { } type
                        || !options.AllowedContentTypes.Contains(type.ToLowerInvariant(), StringComparer.Ordinal))
                        return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_content_type",
                            $"The file's content type must be one of: {string.Join(", ", options.AllowedContentTypes)}."));
                    return (new UploadFile(fileName, type.ToLowerInvariant(), section.Body, fields), null);
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                using var text = new StreamReader(section.Body);
                var buffer = new char[MaxFieldChars + 1];
                var read = await text.ReadBlockAsync(buffer, ct);
                if (read > MaxFieldChars)
                    return (null, Problems.Invalid(name, "field_too_long", $"The field '{name}' is longer than {MaxFieldChars} characters."));
                var value = new string(buffer, 0, read);
                if (value.Contains('\0'))
                    return (null, Problems.Invalid(name, "invalid_text", $"The field '{name}' holds a NUL character."));
                fields[name] = value;
            }
        }
        catch (Exception e) when (ProblemFor(e, options) is { } problem)
        {
            return (null, problem);
        }
        return (null, Problems.BadRequest("file_missing", "The multipart body has no file part."));
    }

    /// <summary>The answer to an exception raised while reading an upload: 413 past the limit, 400 for a malformed body.</summary>
    public static ProblemHttpResult? ProblemFor(Exception e, DocumentsOptions options) => e switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => DocumentContent.TooLarge(options.MaxUploadBytes),
        BadHttpRequestException or InvalidDataException or IOException => InvalidMultipart("The multipart body is malformed or ended early."),
        _ => null,
    };

    private static ProblemHttpResult InvalidMultipart(string detail) => Problems.BadRequest("invalid_multipart", detail);

    /// <summary>The last segment of the name the client sent, without control characters, at most 255 characters ("file" when nothing is left).</summary>
    public static string CleanFileName(string? name)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var clean = new string(last.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length > 255)
            clean = clean[..255];
        return clean.Length == 0 || clean is "." or ".." ? "file" : clean;
    }
}
