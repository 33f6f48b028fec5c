using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Infrastructure.Http;

/// <summary>
/// Entity tags and the conditional headers that carry them (RFC 9110 §8.8.3, §13.1.1–2), in one place for every
/// resource that has them. A resource's tag is strong and names its id and a version the database keeps exact
/// (<c>"42-3"</c>); parts the representation derives from other rows follow (<c>"42-3-17"</c>).
/// </summary>
public static class EntityTags
{
    public const string MalformedCode = "etag_malformed";

    /// <summary>The strong tag of one resource: its id, its version, then any derived parts.</summary>
    public static string Strong(long id, long version, params object?[] derived) =>
        derived.Length == 0
            ? $"\"{id}-{version}\""
            : $"\"{id}-{version}-{string.Join('-', derived.Select(d => d?.ToString() ?? "none"))}\"";

    /// <summary>
    /// Whether a conditional header is well formed: absent or blank, <c>*</c>, or a comma-separated list of
    /// <c>[W/]"…"</c> where the quoted part has no double quote, no control character and no space.
    /// </summary>
    public static bool IsWellFormed(string? header) => TryParse(header, out _);

    /// <summary>
    /// <c>If-Match</c>: absent → the write goes ahead; <c>*</c> → any current representation; otherwise one of the listed
    /// tags must equal <paramref name="current"/> by strong comparison (a weak tag never matches). A malformed header never matches.
    /// </summary>
    public static bool IfMatchAllows(string? header, string current)
    {
        if (!TryParse(header, out var tags))
            return false;
        return tags.Count == 0 || tags.Any(tag => tag == "*" || tag == current);
    }

    /// <summary><c>If-None-Match</c>: true when the client's copy is current (weak comparison) → 304.</summary>
    public static bool IfNoneMatchHits(string? header, string current)
    {
        if (!TryParse(header, out var tags) || tags.Count == 0)
            return false;
        var opaque = StripWeak(current);
        return tags.Any(tag => tag == "*" || StripWeak(tag) == opaque);
    }

    /// <summary>The tags of a conditional header; false when it is malformed. Blank → true with no tags.</summary>
    public static bool TryParse(string? header, out IReadOnlyList<string> tags)
    {
        var found = new List<string>();
        tags = found;
        if (string.IsNullOrWhiteSpace(header))
            return true;
        if (header.Trim() == "*")
        {
            found.Add("*");
            return true;
        }
        var i = 0;
        while (true)
        {
            while (i < header.Length && header[i] is ' ' or '\t' or ',')
                i++;
            if (i == header.Length)
                return found.Count > 0;
            var start = i;
            if (string.CompareOrdinal(header, i, "W/", 0, 2) == 0)
                i += 2;
            if (i >= header.Length || header[i] != '"')
                return false;
            i++;
            while (i < header.Length && header[i] != '"')
            {
                if (!IsTagChar(header[i]))
                    return false;
                i++;
            }
            if (i == header.Length)
                return false;
            i++;
            found.Add(header[start..i]);
            while (i < header.Length && header[i] is ' ' or '\t')
                i++;
            if (i < header.Length && header[i] != ',')
                return false;
        }
    }

    // etagc = %x21 / %x23-7E / obs-text
    private static bool IsTagChar(char c) => c == '\x21' || (c >= '\x23' && c <= '\x7E') || (c >= '\x80' && c <= '\xFF');

    private static string StripWeak(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}

/// <summary>What a handler does with the conditional headers of its request, beside its own SQL.</summary>
public static class Preconditions
{
    /// <summary>412 <c>etag_mismatch</c> when the request's <c>If-Match</c> does not match <paramref name="current"/>, else null.</summary>
    public static ProblemHttpResult? Stale(HttpContext http, string current) =>
        EntityTags.IfMatchAllows(http.Request.Headers.IfMatch, current) ? null : Problems.PreconditionFailed();

    /// <summary>Sets the answer's <c>ETag</c>; true when the request's <c>If-None-Match</c> matches it (answer 304).</summary>
    public static bool NotModified(HttpContext http, string current)
    {
        http.Response.Headers.ETag = current;
        return EntityTags.IfNoneMatchHits(http.Request.Headers.IfNoneMatch, current);
    }

    /// <summary>The answer carries <paramref name="current"/> as its <c>ETag</c>.</summary>
    public static void Stamp(HttpContext http, string current) => http.Response.Headers.ETag = current;

    /// <summary>400 <c>etag_malformed</c> when <c>If-Match</c> or <c>If-None-Match</c> is not a list of quoted tags (or <c>*</c>).</summary>
    public static ProblemHttpResult? Malformed(HttpRequest request)
    {
        foreach (var (name, value) in new[] { ("If-Match", request.Headers.IfMatch.ToString()), ("If-None-Match", request.Headers.IfNoneMatch.ToString()) })
            if (!EntityTags.IsWellFormed(value))
                return Problems.BadRequest(EntityTags.MalformedCode,
                    $"The {name} header must be * or a comma-separated list of quoted entity tags such as \"42-3\".");
        return null;
    }
}

/// <summary>Answers 400 <c>etag_malformed</c> before the handler runs, on every endpoint that declares entity tags.</summary>
public sealed class ConditionalHeadersFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Preconditions.Malformed(context.HttpContext.Request) ?? await next(context);
}
