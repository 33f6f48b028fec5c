using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Npgsql;

namespace Atrium.Api.Features.Identity.Avatars.UploadAvatar;

/// <summary>The caller's picture as stored: where to fetch it (versioned), the sizes served, when it changed.</summary>
public sealed record AvatarResponse(string AvatarUrl, int[] Sizes, string ContentType, DateTime UpdatedAt);

public sealed class UploadAvatarEndpoint : ICarterModule
{
    private const string SaveAvatar = """
        insert into user_avatars (user_id, version, updated_at) values (@userId, @version, now())
        on conflict (user_id) do update set version = excluded.version, updated_at = excluded.updated_at
        returning updated_at;
        delete from user_avatar_images where user_id = @userId;
        """;

    // After the row is written: a function called in the writing statement would still see the old row.
    private const string AvatarUrl = "select user_avatar_url(@userId)";

    private const string SaveImage = "insert into user_avatar_images (user_id, size, image) values (@userId, @size, @image)";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMeGroup().MapPut("/avatar", Handle)
            .WithMetadata(new MultipartUpload.OwnBodyLimit())
            .WithName("UploadAvatar")
            .WithSummary("Set the caller's profile picture (multipart/form-data, one file part).")
            .WithDescription("The file part is a PNG, JPEG or WebP picture, recognised by its first bytes (the file name and content type sent "
                + "are ignored). It is decoded, turned upright, cut to a centred square and re-encoded as WebP at 32, 64, 128 and 256 pixels "
                + "without metadata; the uploaded bytes are not kept. Not an image: 400 `not_an_image`; GIF, SVG, BMP, TIFF, ICO, HEIF: "
                + "400 `unsupported_image_format`; cut off: 400 `image_truncated`; undecodable: 400 `invalid_image`; more pixels than "
                + "`Avatars:MaxPixels` (read from the header before decoding): 400 `image_too_many_pixels`; empty: 400 `empty_file`; "
                + "no file part: 400 `file_missing`; malformed body: 400 `invalid_multipart`; not multipart: 415 `multipart_expected`; "
                + "past `Avatars:MaxUploadBytes`: 413 `payload_too_large` (counted as the bytes arrive). The answer's `avatar_url` "
                + "changes whenever the picture does.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "One file part named `file`: the picture (PNG, JPEG or WebP).",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Required = new HashSet<string> { "file" },
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The picture." },
                                },
                            },
                        },
                    },
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<Ok<AvatarResponse>, ProblemHttpResult>> Handle(ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db,
        AvatarEncoder encoder, IOptions<AvatarsOptions> options, CancellationToken ct)
    {
        var limit = options.Value.MaxUploadBytes;
        ProblemHttpResult TooLarge() => Problems.Of(StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"The picture is larger than {limit} bytes.");
        if (!MultipartUpload.LimitBody(http, limit))
            return TooLarge();
        var (file, problem) = await MultipartUpload.ReadUntilFileAsync(http.Request, TooLarge, ct);
        if (file is null)
            return problem!;

        byte[] bytes;
        int length;
        try
        {
            (bytes, length) = await ReadAtMostAsync(file.Body, limit, ct);
        }
        catch (Exception e) when (MultipartUpload.ProblemFor(e, TooLarge) is { } failure)
        {
            return failure;
        }
        if (length > limit)
            return TooLarge();
        if (length == 0)
            return Problems.BadRequest("empty_file", "The file part is empty.");

        var (avatar, refusal) = await encoder.EncodeAsync(bytes, length, ct);
        if (avatar is null)
            return refusal!;

        var userId = user.UserId();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            var updatedAt = await connection.QuerySingleAsync<DateTime>(new CommandDefinition(SaveAvatar,
                new { userId, version = avatar.Version }, transaction, cancellationToken: ct));
            foreach (var (size, image) in avatar.Images)
                await connection.ExecuteAsync(new CommandDefinition(SaveImage, new { userId, size = (short)size, image }, transaction, cancellationToken: ct));
            var url = await connection.QuerySingleAsync<string>(new CommandDefinition(AvatarUrl, new { userId }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return TypedResults.Ok(new AvatarResponse(url, AvatarEncoder.Sizes, AvatarEncoder.ContentType, updatedAt));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return Problems.NotFound("user_not_found", "The account no longer exists.");
        }
    }

    /// <summary>
    /// The file's bytes, reading at most one byte past <paramref name="limit"/>: a longer file is never held whole
    /// (the returned length then exceeds the limit).
    /// </summary>
    private static async Task<(byte[] Bytes, int Length)> ReadAtMostAsync(Stream body, long limit, CancellationToken ct)
    {
        var buffer = new byte[Math.Min(limit + 1, 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                    return (buffer, length);
                Array.Resize(ref buffer, (int)Math.Min(limit + 1, (long)buffer.Length * 2));
            }
            var read = await body.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0)
                return (buffer, length);
            length += read;
        }
    }
}
