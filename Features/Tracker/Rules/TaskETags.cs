using System.Security.Cryptography;
using Atrium.Api.Infrastructure.Http;

namespace Atrium.Api.Features.Tracker.Rules;

/// <summary>
/// Entity tags of the tracker. A task's tag is strong and names its id and version (<c>"42-3"</c>); the version
/// grows on every change. A list's tag is weak: a hash of the representation that was sent.
/// The conditional headers are read by <see cref="EntityTags"/>.
/// </summary>
public static class TaskETags
{
    public static string Of(long id, int version) => EntityTags.Strong(id, version);

    /// <summary>A weak tag over the bytes of a representation.</summary>
    public static string Weak(ReadOnlySpan<byte> representation) =>
        $"W/\"{Convert.ToHexStringLower(SHA256.HashData(representation).AsSpan(0, 16))}\"";
}
