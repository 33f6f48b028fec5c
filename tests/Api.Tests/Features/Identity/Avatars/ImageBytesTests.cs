using Atrium.Api.Features.Identity.Avatars;

namespace Atrium.Api.Tests.Features.Identity.Avatars;

public sealed class ImageBytesTests
{
    [Fact]
    public void Formats_are_told_by_their_magic_numbers()
    {
        Assert.Equal(ImageKind.Png, ImageBytes.Sniff(AvatarImages.Png(4, 4)).Kind);
        Assert.Equal(ImageKind.Jpeg, ImageBytes.Sniff(AvatarImages.Jpeg(4, 4)).Kind);
        Assert.Equal(ImageKind.WebP, ImageBytes.Sniff(AvatarImages.WebP(4, 4)).Kind);
        Assert.Equal((ImageKind.Refused, "gif"), ImageBytes.Sniff(AvatarImages.Gif()));
        Assert.Equal((ImageKind.Refused, "svg"), ImageBytes.Sniff(AvatarImages.Svg()));
        Assert.Equal((ImageKind.Refused, "svg"), ImageBytes.Sniff("\uFEFF  <svg xmlns='x'/>"u8));
        Assert.Equal(ImageKind.Unknown, ImageBytes.Sniff("<html><body>hi</body></html>"u8).Kind);
        Assert.Equal(ImageKind.Unknown, ImageBytes.Sniff([]).Kind);
        Assert.Equal(ImageKind.Unknown, ImageBytes.Sniff("RIFF\0\0\0\0WAVE"u8).Kind);
    }

    [Fact]
    public void A_file_is_complete_only_when_it_ends_where_its_format_says()
    {
        var png = AvatarImages.Png(8, 8);
        Assert.True(ImageBytes.IsComplete(ImageKind.Png, png));
        Assert.False(ImageBytes.IsComplete(ImageKind.Png, png[..^1]));

        var jpeg = AvatarImages.Jpeg(8, 8);
        Assert.True(ImageBytes.IsComplete(ImageKind.Jpeg, jpeg));
        Assert.True(ImageBytes.IsComplete(ImageKind.Jpeg, [.. jpeg, 0, 0]));
        Assert.False(ImageBytes.IsComplete(ImageKind.Jpeg, jpeg[..^2]));

        var webp = AvatarImages.WebP(8, 8);
        Assert.True(ImageBytes.IsComplete(ImageKind.WebP, webp));
        Assert.False(ImageBytes.IsComplete(ImageKind.WebP, webp[..^1]));
    }
}
