using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Atrium.Api.Infrastructure.Http;

/// <summary>The file part of a multipart upload, positioned at its first byte, and the form fields sent before it.</summary>
public sealed record MultipartFile(string FileName, string? ContentType, Stream Body, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Reads a <c>multipart/form-data</c> upload as a stream: the small form fields that come first, then the file
/// part, which the caller streams on (never buffered here). Every way the envelope can be wrong is a 4xx with a
/// code; what the file may be is the caller's business.
/// </summary>
public static class MultipartUpload
{
    private const int MaxFieldChars = 10_000;

    /// <summary>Room for the multipart boundaries and fields around the file.</summary>
    public const long Overhead = 64 * 1024;

    /// <summary>Lifts the default request body limit on an upload route; the handler sets its own with <see cref="LimitBody"/>.</summary>
    public sealed class OwnBodyLimit : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => long.MaxValue;
    }

    /// <summary>
    /// Applies <paramref name="fileLimit"/> (plus <see cref="Overhead"/>) to the request, so the server refuses more
    /// bytes while they arrive; false when Content-Length already says the body is too large.
    /// </summary>
    public static bool LimitBody(HttpContext http, long fileLimit)
    {
        var limit = fileLimit + Overhead;
        if (http.Request.ContentLength > limit)
            return false;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        return true;
    }

    public static async Task<(MultipartFile? File, ProblemHttpResult? Problem)> ReadUntilFileAsync(HttpRequest request,
        Func<ProblemHttpResult> tooLarge, CancellationToken ct)
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
                    var type = MediaTypeHeaderValue.TryParse(section.ContentType, out var fileType) ? fileType.MediaType.Value?.ToLowerInvariant() : null;
                    return (new MultipartFile(fileName, type, section.Body, fields), null);
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
        catch (Exception e) when (ProblemFor(e, tooLarge) is { } problem)
        {
            return (null, problem);
        }
        return (null, Problems.BadRequest("file_missing", "The multipart body has no file part."));
    }

    /// <summary>The answer to an exception raised while reading an upload: 413 past the limit, 400 for a malformed body, else null.</summary>
    public static ProblemHttpResult? ProblemFor(Exception e, Func<ProblemHttpResult> tooLarge) => e switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => tooLarge(),
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
