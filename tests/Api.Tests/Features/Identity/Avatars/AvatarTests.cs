using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Atrium.Api.Tests.Features.Spaces;
using Atrium.Api.Tests.Infrastructure;
using Dapper;
using SixLabors.ImageSharp;

namespace Atrium.Api.Tests.Features.Identity.Avatars;

/// <summary>Atrium with small picture limits: 300 000 bytes and 4 000 000 pixels.</summary>
public sealed class AvatarFactory : AtriumFactory
{
    public const int MaxBytes = 300_000;
    public const int MaxPixels = 4_000_000;

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Avatars:MaxUploadBytes"] = MaxBytes.ToString();
        settings["Avatars:MaxPixels"] = MaxPixels.ToString();
        return settings;
    }
}

public sealed class AvatarTests(AvatarFactory factory) : IClassFixture<AvatarFactory>
{
    private static MultipartFormDataContent Form(byte[] bytes, string fileName = "me.png", string contentType = "image/png")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static Task<HttpResponseMessage> UploadAsync(TestUser user, byte[] bytes, string fileName = "me.png", string contentType = "image/png") =>
        user.Client.PutAsync("/api/v1/me/avatar", Form(bytes, fileName, contentType));

    private static async Task<string> UploadOkAsync(TestUser user, byte[] bytes)
    {
        var answer = await (await UploadAsync(user, bytes)).Expect(HttpStatusCode.OK);
        return (string)answer["avatar_url"]!;
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("webp")]
    public async Task A_png_jpeg_or_webp_becomes_square_webp_pictures_of_every_size(string format)
    {
        var user = await factory.RegisterAndLoginAsync("Pictured");
        var upload = format switch { "png" => AvatarImages.Png(), "jpeg" => AvatarImages.Jpeg(), _ => AvatarImages.WebP() };
        var answer = await (await UploadAsync(user, upload)).Expect(HttpStatusCode.OK);
        Assert.Equal([32, 64, 128, 256], answer["sizes"]!.AsArray().Select(s => (int)s!).ToArray());
        Assert.Matches($"^/api/v1/users/{user.Id}/avatar\\?v=[0-9a-f]{{16}}$", (string)answer["avatar_url"]!);

        foreach (var size in new[] { 32, 64, 128, 256 })
        {
            var response = await user.Client.GetAsync($"/api/v1/users/{user.Id}/avatar?size={size}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var info = Image.Identify(bytes);
            Assert.Equal((size, size), (info.Width, info.Height));
            Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes, 0, 4));
        }
        // The default size.
        var standard = await (await user.Client.GetAsync($"/api/v1/users/{user.Id}/avatar")).Content.ReadAsByteArrayAsync();
        Assert.Equal(128, Image.Identify(standard).Width);
    }

    [Fact]
    public async Task The_name_and_content_type_sent_do_not_matter_the_bytes_do()
    {
        var user = await factory.RegisterAndLoginAsync("Misnamed");
        await (await UploadAsync(user, AvatarImages.Jpeg(), "holiday.gif", "application/octet-stream")).Expect(HttpStatusCode.OK);
        await (await UploadAsync(user, Encoding.UTF8.GetBytes("just some text, not a picture"), "me.png", "image/png"))
            .ExpectProblem(HttpStatusCode.BadRequest, "not_an_image");
    }

    [Fact]
    public async Task No_uploaded_byte_and_no_metadata_is_served_back()
    {
        var user = await factory.RegisterAndLoginAsync("Private Person");
        var upload = AvatarImages.Jpeg(256, 256, withExif: true);
        Assert.Contains(AvatarImages.SecretArtist, Encoding.ASCII.GetString(upload));
        await UploadOkAsync(user, upload);

        await using var db = await factory.OpenDatabaseAsync();
        var stored = (await db.QueryAsync<byte[]>("select image from user_avatar_images where user_id = @Id", new { user.Id })).ToList();
        Assert.Equal(4, stored.Count);
        foreach (var image in stored)
        {
            Assert.NotEqual(upload, image);
            Assert.DoesNotContain(AvatarImages.SecretArtist, Encoding.ASCII.GetString(image));
            Assert.DoesNotContain("Exif", Encoding.ASCII.GetString(image));
            using var decoded = Image.Load(image);
            Assert.Null(decoded.Metadata.ExifProfile);
        }
    }

    [Fact]
    public async Task Gif_and_svg_are_refused_with_a_stable_code()
    {
        var user = await factory.RegisterAndLoginAsync("Animated");
        var gif = await (await UploadAsync(user, AvatarImages.Gif(), "a.gif", "image/gif")).ExpectProblem(HttpStatusCode.BadRequest, "unsupported_image_format");
        Assert.Contains("GIF", (string?)gif["detail"]);
        var svg = await (await UploadAsync(user, AvatarImages.Svg(), "a.svg", "image/svg+xml")).ExpectProblem(HttpStatusCode.BadRequest, "unsupported_image_format");
        Assert.Contains("SVG", (string?)svg["detail"]);
        await (await UploadAsync(user, Encoding.ASCII.GetBytes("BM\0\0\0\0\0\0\0\0garbage"), "a.bmp", "image/bmp"))
            .ExpectProblem(HttpStatusCode.BadRequest, "unsupported_image_format");
        await (await user.Client.GetAsync($"/api/v1/users/{user.Id}/avatar")).ExpectProblem(HttpStatusCode.NotFound, "avatar_not_found");
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("webp")]
    public async Task A_truncated_file_is_400(string format)
    {
        var user = await factory.RegisterAndLoginAsync("Cut Off");
        var whole = format switch { "png" => AvatarImages.Png(), "jpeg" => AvatarImages.Jpeg(), _ => AvatarImages.WebP() };
        await (await UploadAsync(user, whole[..(whole.Length / 2)])).ExpectProblem(HttpStatusCode.BadRequest, "image_truncated");
        await (await UploadAsync(user, whole[..20])).ExpectProblem(HttpStatusCode.BadRequest, "image_truncated");
    }

    [Fact]
    public async Task A_damaged_file_that_looks_complete_is_400_invalid_image()
    {
        var user = await factory.RegisterAndLoginAsync("Damaged");
        var png = AvatarImages.Png();
        var damaged = png.ToArray();
        for (var i = 40; i < damaged.Length - 40; i++)
            damaged[i] ^= 0x5A;
        await (await UploadAsync(user, damaged)).ExpectProblem(HttpStatusCode.BadRequest, "invalid_image");
        await (await user.Client.GetAsync($"/api/v1/users/{user.Id}/avatar")).ExpectProblem(HttpStatusCode.NotFound, "avatar_not_found");
    }

    [Fact]
    public async Task A_header_claiming_100000_by_100000_pixels_is_refused_before_decoding()
    {
        var user = await factory.RegisterAndLoginAsync("Bomb");
        var bomb = AvatarImages.PngClaiming(100_000, 100_000);
        Assert.True(bomb.Length < 100);
        var problem = await (await UploadAsync(user, bomb)).ExpectProblem(HttpStatusCode.BadRequest, "image_too_many_pixels");
        Assert.Contains("100000×100000", (string?)problem["detail"]);
    }

    [Fact]
    public async Task A_real_picture_past_the_pixel_limit_is_refused_and_one_within_it_accepted()
    {
        var user = await factory.RegisterAndLoginAsync("Big Picture");
        await (await UploadAsync(user, AvatarImages.Png(2100, 2000))).ExpectProblem(HttpStatusCode.BadRequest, "image_too_many_pixels");
        await (await UploadAsync(user, AvatarImages.Png(2000, 2000))).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Too_many_bytes_is_413_whether_announced_or_streamed()
    {
        var user = await factory.RegisterAndLoginAsync("Heavy");
        var heavy = new byte[AvatarFactory.MaxBytes + 1];
        AvatarImages.Png().AsSpan(0, 8).CopyTo(heavy);
        await (await UploadAsync(user, heavy)).ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        // Without Content-Length (chunked): the bytes are counted as they are read.
        var streamed = new MultipartFormDataContent { { new StreamContent(new UnknownLengthStream(heavy)), "file", "me.png" } };
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/me/avatar") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;
        await (await user.Client.SendAsync(request)).ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        // Just under the limit is read (and then judged as a picture).
        var justUnder = heavy[..(AvatarFactory.MaxBytes - 1)];
        await (await UploadAsync(user, justUnder)).ExpectProblem(HttpStatusCode.BadRequest, "image_truncated");
    }

    [Fact]
    public async Task Envelope_faults_are_4xx_with_codes()
    {
        var user = await factory.RegisterAndLoginAsync("Envelope");
        await (await user.Client.PutAsync("/api/v1/me/avatar", new ByteArrayContent(AvatarImages.Png())))
            .ExpectProblem(HttpStatusCode.UnsupportedMediaType, "multipart_expected");
        await (await UploadAsync(user, [])).ExpectProblem(HttpStatusCode.BadRequest, "empty_file");
        await (await user.Client.PutAsync("/api/v1/me/avatar", new MultipartFormDataContent { { new StringContent("x"), "note" } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "file_missing");
        var broken = new ByteArrayContent(Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc"));
        broken.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        await (await user.Client.PutAsync("/api/v1/me/avatar", broken)).ExpectProblem(HttpStatusCode.BadRequest);
        await (await factory.Anonymous().PutAsync("/api/v1/me/avatar", Form(AvatarImages.Png()))).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Etag_and_cache_headers_follow_the_version()
    {
        var user = await factory.RegisterAndLoginAsync("Cached");
        var url = await UploadOkAsync(user, AvatarImages.Png(tint: 10));

        var versioned = await user.Client.GetAsync(url + "&size=64");
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.True(versioned.Headers.CacheControl!.Private);
        Assert.True(versioned.Headers.CacheControl.MaxAge > TimeSpan.FromDays(300));
        var etag = versioned.Headers.ETag!;

        var plain = await user.Client.GetAsync($"/api/v1/users/{user.Id}/avatar?size=64");
        Assert.True(plain.Headers.CacheControl!.NoCache);
        Assert.True(plain.Headers.CacheControl.Private);
        Assert.Equal(etag, plain.Headers.ETag);

        using (var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/users/{user.Id}/avatar?size=64"))
        {
            conditional.Headers.IfNoneMatch.Add(etag);
            var notModified = await user.Client.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }
        // Another size has another tag.
        var other = await user.Client.GetAsync($"/api/v1/users/{user.Id}/avatar?size=32");
        Assert.NotEqual(etag, other.Headers.ETag);

        // A new picture: a new address and a new tag, so the old tag no longer matches.
        var newUrl = await UploadOkAsync(user, AvatarImages.Png(tint: 200));
        Assert.NotEqual(url, newUrl);
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/users/{user.Id}/avatar?size=64");
        stale.Headers.IfNoneMatch.Add(etag);
        var fresh = await user.Client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
        // The old versioned address still answers (the current picture), but may no longer be kept.
        Assert.True((await user.Client.GetAsync(url)).Headers.CacheControl!.NoCache);
    }

    [Fact]
    public async Task Sizes_outside_the_set_are_400()
    {
        var user = await factory.RegisterAndLoginAsync("Sized");
        await UploadOkAsync(user, AvatarImages.Png());
        foreach (var size in new[] { "100", "0", "-1", "512", "abc", "99999999999999" })
            await (await user.Client.GetAsync($"/api/v1/users/{user.Id}/avatar?size={size}")).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Co_members_see_each_others_pictures_and_strangers_get_the_same_404_as_none()
    {
        var alice = await factory.RegisterAndLoginAsync("Alice");
        var bob = await factory.RegisterAndLoginAsync("Bob");
        var stranger = await factory.RegisterAndLoginAsync("Stranger");
        var nobody = await factory.RegisterAndLoginAsync("No Picture");
        await UploadOkAsync(alice, AvatarImages.Png());
        var project = await alice.CreateProjectAsync("Shared", "private");
        await factory.AddMemberAsync(alice, $"/api/v1/projects/{project}", bob);
        await factory.AcquaintAsync(alice, nobody);

        Assert.Equal(HttpStatusCode.OK, (await bob.Client.GetAsync($"/api/v1/users/{alice.Id}/avatar")).StatusCode);
        var hidden = await (await stranger.Client.GetAsync($"/api/v1/users/{alice.Id}/avatar")).ExpectProblem(HttpStatusCode.NotFound, "avatar_not_found");
        var none = await (await alice.Client.GetAsync($"/api/v1/users/{nobody.Id}/avatar")).ExpectProblem(HttpStatusCode.NotFound, "avatar_not_found");
        Assert.Equal((string?)none["detail"], (string?)hidden["detail"]);
        await (await stranger.Client.GetAsync("/api/v1/users/999999999/avatar")).ExpectProblem(HttpStatusCode.NotFound, "avatar_not_found");

        // A deleted space no longer joins them (the lobby AddMemberAsync made for the add is deleted too).
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("""
                update spaces set deleted_at = now()
                where id in (select m.space_id from memberships m join memberships o on o.space_id = m.space_id
                             where m.user_id = @A and o.user_id = @B)
                """, new { A = alice.Id, B = bob.Id });
        await (await bob.Client.GetAsync($"/api/v1/users/{alice.Id}/avatar")).ExpectProblem(HttpStatusCode.NotFound, "avatar_not_found");
        Assert.Equal(HttpStatusCode.OK, (await alice.Client.GetAsync($"/api/v1/users/{alice.Id}/avatar")).StatusCode);
    }

    [Fact]
    public async Task Avatar_url_is_in_me_and_in_member_lists_and_null_after_delete()
    {
        var owner = await factory.RegisterAndLoginAsync("Listed Owner");
        var project = await owner.CreateProjectAsync("Listed", "private");
        Assert.Null((await owner.GetAsync("/api/v1/me"))["avatar_url"]);

        var url = await UploadOkAsync(owner, AvatarImages.Png());
        Assert.Equal(url, (string?)(await owner.GetAsync("/api/v1/me"))["avatar_url"]);
        var members = await owner.GetAsync($"/api/v1/projects/{project}/members");
        Assert.Equal(url, (string?)members["items"]![0]!["user"]!["avatar_url"]);

        await (await owner.Client.DeleteAsync("/api/v1/me/avatar")).Expect(HttpStatusCode.NoContent);
        Assert.Null((await owner.GetAsync("/api/v1/me"))["avatar_url"]);
        Assert.Null((await owner.GetAsync($"/api/v1/projects/{project}/members"))["items"]![0]!["user"]!["avatar_url"]);
        await (await owner.Client.GetAsync($"/api/v1/users/{owner.Id}/avatar")).ExpectProblem(HttpStatusCode.NotFound, "avatar_not_found");
        // Deleting again is still 204.
        await (await owner.Client.DeleteAsync("/api/v1/me/avatar")).Expect(HttpStatusCode.NoContent);
        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from user_avatar_images where user_id = @Id", new { owner.Id }));
    }

    /// <summary>A stream whose length is unknown, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
