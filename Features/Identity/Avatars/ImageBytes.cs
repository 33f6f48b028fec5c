using System.Buffers.Binary;
using System.Text;

namespace Atrium.Api.Features.Identity.Avatars;

/// <summary>What the first bytes of an upload say it is; the name and content type the client sent are not asked.</summary>
public enum ImageKind
{
    /// <summary>No image format this code knows.</summary>
    Unknown,
    Png,
    Jpeg,
    WebP,
    /// <summary>An image format Atrium refuses (GIF, SVG, BMP, TIFF, ICO, HEIF/AVIF).</summary>
    Refused,
}

/// <summary>Pure checks on the bytes of an upload: the format by its magic number, and whether the file ends where its format says.</summary>
public static class ImageBytes
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The IEND chunk every complete PNG ends with (length 0, type, CRC).</summary>
    private static ReadOnlySpan<byte> PngEnd => [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    /// <summary>The format of <paramref name="bytes"/> and, for a refused one, its name.</summary>
    public static (ImageKind Kind, string? Name) Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(PngSignature))
            return (ImageKind.Png, "png");
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
            return (ImageKind.Jpeg, "jpeg");
        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
            return (ImageKind.WebP, "webp");
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
            return (ImageKind.Refused, "gif");
        if (bytes.StartsWith("BM"u8))
            return (ImageKind.Refused, "bmp");
        if (bytes.StartsWith("II*\0"u8) || bytes.StartsWith("MM\0*"u8))
            return (ImageKind.Refused, "tiff");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 1, 0]))
            return (ImageKind.Refused, "ico");
        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8))
            return (ImageKind.Refused, "heif");
        if (LooksLikeSvg(bytes))
            return (ImageKind.Refused, "svg");
        return (ImageKind.Unknown, null);
    }

    /// <summary>Markup whose first kilobyte (after a byte order mark and white space) opens with '&lt;' and names an svg element.</summary>
    private static bool LooksLikeSvg(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 1024)];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            head = head[3..];
        var start = 0;
        while (start < head.Length && head[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            start++;
        if (start >= head.Length || head[start] != (byte)'<')
            return false;
        return Encoding.ASCII.GetString(head[start..]).Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether the file ends where its format says it does: a PNG with its IEND chunk, a JPEG with its end-of-image
    /// marker (zero padding after it allowed), a WebP as long as its RIFF header says. A cut-off upload fails this
    /// even when a lenient decoder would still paint part of it.
    /// </summary>
    public static bool IsComplete(ImageKind kind, ReadOnlySpan<byte> bytes)
    {
        switch (kind)
        {
            case ImageKind.Png:
                return bytes.Length >= PngSignature.Length + PngEnd.Length && bytes.EndsWith(PngEnd);
            case ImageKind.Jpeg:
                var end = bytes.Length;
                while (end > 0 && bytes[end - 1] == 0)
                    end--;
                return end >= 4 && bytes[end - 2] == 0xFF && bytes[end - 1] == 0xD9;
            case ImageKind.WebP:
                var riffLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..8]);
                return riffLength >= 4 && (long)riffLength + 8 <= bytes.Length;
            default:
                return false;
        }
    }
}
