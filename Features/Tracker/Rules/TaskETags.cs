using System.Security.Cryptography;

namespace Atrium.Api.Features.Tracker.Rules;

/// <summary>
/// Entity tags of the tracker. A task's tag is strong and names its id and version (<c>"42-3"</c>); the version
/// grows on every change. A list's tag is weak: a hash of the representation that was sent.
/// </summary>
public static class TaskETags
{
    public static string Of(long id, int version) => $"\"{id}-{version}\"";

    /// <summary>A weak tag over the bytes of a representation.</summary>
    public static string Weak(ReadOnlySpan<byte> representation) =>
        $"W/\"{Convert.ToHexStringLower(SHA256.HashData(representation).AsSpan(0, 16))}\"";

    /// <summary>
    /// <c>If-Match</c> (RFC 9110 §13.1.1): absent → the write goes ahead; <c>*</c> → any current task;
    /// otherwise one of the listed tags must equal the current one by strong comparison (a weak tag never matches).
    /// </summary>
    public static bool IfMatchAllows(string? header, string current)
    {
        if (string.IsNullOrWhiteSpace(header))
            return true;
        return Tags(header).Any(tag => tag == "*" || tag == current);
    }

    /// <summary><c>If-None-Match</c> (RFC 9110 §13.1.2): true when the client's copy is current (weak comparison) → 304.</summary>
    public static bool IfNoneMatchHits(string? header, string current)
    {
        if (string.IsNullOrWhiteSpace(header))
            return false;
        var opaque = StripWeak(current);
        return Tags(header).Any(tag => tag == "*" || StripWeak(tag) == opaque);
    }

    private static IEnumerable<string> Tags(string header) =>
        header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string StripWeak(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
