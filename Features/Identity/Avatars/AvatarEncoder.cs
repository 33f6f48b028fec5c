using System.Security.Cryptography;
using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Atrium.Api.Features.Identity.Avatars;

/// <summary>A picture cut and encoded at every served size, and the version that names it.</summary>
public sealed record EncodedAvatar(string Version, IReadOnlyDictionary<int, byte[]> Images);

/// <summary>
/// Turns uploaded bytes into the pictures Atrium serves: the format is read from the magic number, the file must
/// end where its format says, the header's dimensions are checked against <see cref="AvatarsOptions.MaxPixels"/>
/// before anything is decoded, and only then is the image decoded (PNG, JPEG and WebP decoders only), turned
/// upright, cut to a centred square at each size and encoded afresh as WebP from bare pixels, so no uploaded byte
/// and no metadata (EXIF, GPS, ICC, XMP) reaches the stored picture. Decoding is bounded to one per core.
/// </summary>
public sealed class AvatarEncoder(IOptions<AvatarsOptions> options, ILogger<AvatarEncoder> logger)
{
    /// <summary>The sizes served (square, in pixels), smallest first.</summary>
    public static readonly int[] Sizes = [32, 64, 128, 256];

    public const string ContentType = "image/webp";

    /// <summary>Only the three accepted formats can be decoded at all: a file that slips past the magic check meets no other decoder.</summary>
    private static readonly Configuration Decoders = CreateConfiguration();

    private static readonly WebpEncoder Encoder = new() { FileFormat = WebpFileFormatType.Lossy, Quality = 80 };

    private readonly SemaphoreSlim _gate = new(Environment.ProcessorCount);

    private static Configuration CreateConfiguration()
    {
        var configuration = new Configuration(new PngConfigurationModule(), new JpegConfigurationModule(), new WebpConfigurationModule())
        {
            MaxDegreeOfParallelism = 1,
        };
        return configuration;
    }

    public async Task<(EncodedAvatar? Avatar, ProblemHttpResult? Problem)> EncodeAsync(byte[] bytes, int length, CancellationToken ct)
    {
        var content = bytes.AsMemory(0, length);
        var (kind, name) = ImageBytes.Sniff(content.Span);
        switch (kind)
        {
            case ImageKind.Unknown:
                return (null, Problems.BadRequest("not_an_image", "The file is not a PNG, JPEG or WebP image."));
            case ImageKind.Refused:
                return (null, Problems.BadRequest("unsupported_image_format", $"A {name!.ToUpperInvariant()} picture is not accepted; send PNG, JPEG or WebP."));
        }
        if (!ImageBytes.IsComplete(kind, content.Span))
            return (null, Problems.BadRequest("image_truncated", $"The {name!.ToUpperInvariant()} file ends early: it is cut off or damaged."));

        await _gate.WaitAsync(ct);
        try
        {
            IImageInfo? info;
            using (var header = new MemoryStream(bytes, 0, length, writable: false))
                info = await Image.IdentifyAsync(Decoders, header, ct);
            if (info is null || info.Width <= 0 || info.Height <= 0)
                return (null, Invalid());
            if ((long)info.Width * info.Height > options.Value.MaxPixels)
                return (null, Problems.BadRequest("image_too_many_pixels",
                    $"The picture is {info.Width}×{info.Height} pixels; at most {options.Value.MaxPixels} pixels are accepted."));

            using var stream = new MemoryStream(bytes, 0, length, writable: false);
            using var image = await Image.LoadAsync<Rgba32>(Decoders, stream, ct);
            image.Mutate(x => x.AutoOrient());
            var images = new Dictionary<int, byte[]>();
            foreach (var size in Sizes)
                images[size] = await EncodeSquareAsync(image, size, ct);
            var version = Convert.ToHexStringLower(SHA256.HashData(images[Sizes[^1]]))[..16];
            return (new EncodedAvatar(version, images), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A decoder's refusal (InvalidImageContentException, ImageFormatException) or anything else it throws on
            // crafted input: the upload is bad, not the server.
            logger.LogInformation("An uploaded picture could not be decoded: {Error}", e.GetType().Name);
            return (null, Invalid());
        }
        finally
        {
            _gate.Release();
        }
    }

    private static ProblemHttpResult Invalid() =>
        Problems.BadRequest("invalid_image", "The picture could not be decoded: the file is damaged or not what its first bytes say.");

    /// <summary>A centred square of <paramref name="size"/> pixels, copied into a fresh image (no metadata) and encoded as WebP.</summary>
    private static async Task<byte[]> EncodeSquareAsync(Image<Rgba32> image, int size, CancellationToken ct)
    {
        var pixels = new Rgba32[size * size];
        using (var square = image.Clone(x => x.Resize(new ResizeOptions { Size = new Size(size, size), Mode = ResizeMode.Crop })))
            square.CopyPixelDataTo(pixels);
        using var bare = Image.LoadPixelData<Rgba32>(pixels, size, size);
        using var output = new MemoryStream();
        await Encoder.EncodeAsync(bare, output, ct);
        return output.ToArray();
    }
}
