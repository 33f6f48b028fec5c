using System.ComponentModel.DataAnnotations;
using Atrium.Api.Infrastructure.Configuration;

namespace Atrium.Api.Features.Identity.Avatars;

/// <summary>Profile picture settings (section <c>Avatars</c>).</summary>
public sealed class AvatarsOptions : IAreaOptions
{
    public static string Section => "Avatars";

    /// <summary>Largest uploaded file (413 <c>payload_too_large</c> past it, counted while the bytes arrive).</summary>
    [Range(1024, 64L * 1024 * 1024)] public long MaxUploadBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>Largest picture in pixels (width × height, read from the header before decoding; 400 <c>image_too_many_pixels</c> past it).</summary>
    [Range(1, 100_000_000)] public long MaxPixels { get; set; } = 4096L * 4096;

    /// <summary>How long a client may keep a picture fetched through its versioned URL (<c>?v=</c>).</summary>
    [Range(0, 31_536_000)] public int VersionedMaxAgeSeconds { get; set; } = 31_536_000;
}
