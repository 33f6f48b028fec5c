using System.Buffers.Binary;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Atrium.Api.Tests.Features.Identity.Avatars;

/// <summary>Real pictures made for the tests, and files crafted to be wrong in one way each.</summary>
public static class AvatarImages
{
    public const string SecretArtist = "Secret Artist 4711";

    /// <summary>A picture of <paramref name="width"/>×<paramref name="height"/>: a colour gradient, so each size is a real image.</summary>
    public static Image<Rgba32> Picture(int width, int height, byte tint = 0)
    {
        var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            image[x, y] = new Rgba32((byte)(x * 255 / Math.Max(1, width - 1)), (byte)(y * 255 / Math.Max(1, height - 1)), tint, 255);
        return image;
    }

    private static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }

    public static byte[] Png(int width = 300, int height = 200, byte tint = 0)
    {
        using var image = Picture(width, height, tint);
        return Encode(image, new PngEncoder());
    }

    public static byte[] Jpeg(int width = 300, int height = 200, bool withExif = false)
    {
        using var image = Picture(width, height);
        if (withExif)
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Artist, SecretArtist);
            image.Metadata.ExifProfile.SetValue(ExifTag.ImageDescription, "taken at home");
        }
        return Encode(image, new JpegEncoder { Quality = 90 });
    }

    public static byte[] WebP(int width = 300, int height = 200)
    {
        using var image = Picture(width, height);
        return Encode(image, new WebpEncoder());
    }

    public static byte[] Gif()
    {
        using var image = Picture(40, 40);
        return Encode(image, new GifEncoder());
    }

    public static byte[] Svg() => Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>");

    /// <summary>
    /// A well-formed PNG whose header claims <paramref name="width"/>×<paramref name="height"/> pixels (valid CRCs, a tiny
    /// IDAT, IEND): a decompression bomb's shape, refused before any pixel is decoded.
    /// </summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bit depth
        header[9] = 6;  // RGBA
        Chunk(output, "IHDR", header);
        Chunk(output, "IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        output.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
