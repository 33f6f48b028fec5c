using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using System.Text.Json.Nodes;
using Npgsql;

namespace Atrium.Api.Features.Identity.Avatars.GetAvatar;

public sealed record AvatarQuery(
    [FromQuery(Name = "size")] int? Size,
    [FromQuery(Name = "v")] string? V);

public sealed class AvatarQueryValidator : AbstractValidator<AvatarQuery>
{
    public AvatarQueryValidator()
    {
        RuleFor(q => q.Size).Must(s => AvatarEncoder.Sizes.Contains(s!.Value)).When(q => q.Size is not null)
            .WithMessage($"'size' is one of {string.Join(", ", AvatarEncoder.Sizes)}.");
        RuleFor(q => q.V).MaximumLength(64);
    }
}

/// <summary>
/// One size of a stored picture with its entity tag: 304 for a matching <c>If-None-Match</c>. Fetched through the
/// current versioned address it may be kept for <see cref="AvatarsOptions.VersionedMaxAgeSeconds"/> (the address
/// changes with the picture); any other address must be revalidated. Always <c>private</c>: who may see a picture
/// depends on who asks.
/// </summary>
public sealed class AvatarImageResult(byte[] image, string etag, int maxAgeSeconds) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = maxAgeSeconds > 0 ? $"private, max-age={maxAgeSeconds}, immutable" : "private, no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        if (EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var tags)
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = AvatarEncoder.ContentType;
        response.ContentLength = image.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
            await response.Body.WriteAsync(image, http.RequestAborted);
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(byte[]), [AvatarEncoder.ContentType]));
}

public sealed class GetAvatarEndpoint : ICarterModule
{
    /// <summary>Default size when none is asked for.</summary>
    public const int DefaultSize = 128;

    // One's own picture, or the picture of someone who shares a live space with the caller; nobody else's.
    private const string Sql = """
        select a.version, i.image
        from user_avatars a
        join user_avatar_images i on i.user_id = a.user_id and i.size = @size
        where a.user_id = @userId and (a.user_id = @callerId or users_share_live_space(@callerId, a.user_id))
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapUsersGroup().MapGet("/{id:long}/avatar", Handle)
            .Validate<AvatarQuery>()
            .WithETag(ifNoneMatch: true)
            .WithName("GetAvatar")
            .WithSummary("A person's profile picture at one size (WebP).")
            .WithDescription("`size` is 32, 64, 128 or 256 pixels (default 128). One's own picture, and the pictures of people who share "
                + "a space with the caller; everyone else, and someone without a picture, is 404 `avatar_not_found` alike. `ETag` names "
                + "the picture and size (`If-None-Match` → 304). Through the address in `avatar_url` (with its `v`) the answer is "
                + "`Cache-Control: private, max-age=…, immutable`; otherwise `private, no-cache`.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                foreach (var parameter in operation.Parameters ?? [])
                    if (parameter is OpenApiParameter { Name: "size" } size)
                    {
                        size.Description = "Pixels of the square (default 128).";
                        size.Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Integer,
                            Format = "int32",
                            Enum = [.. AvatarEncoder.Sizes.Select(s => (JsonNode)s)],
                        };
                    }
                    else if (parameter is OpenApiParameter { Name: "v" } version)
                        version.Description = "The picture's version, as in `avatar_url`; when it is the current one the answer may be kept long.";
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse picture)
                {
                    picture.Description = "The picture (WebP).";
                    picture.Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [AvatarEncoder.ContentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    };
                    picture.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    picture.Headers["Cache-Control"] = new OpenApiHeader
                    {
                        Description = "`private, max-age=…, immutable` through the current versioned address, else `private, no-cache`.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    };
                }
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status404NotFound);

    private sealed record Stored(string Version, byte[] Image);

    private static async Task<Results<AvatarImageResult, ProblemHttpResult>> Handle(long id, [AsParameters] AvatarQuery query, ClaimsPrincipal user,
        NpgsqlDataSource db, IOptions<AvatarsOptions> options, CancellationToken ct)
    {
        var size = query.Size ?? DefaultSize;
        await using var connection = await db.OpenConnectionAsync(ct);
        var stored = await connection.QuerySingleOrDefaultAsync<Stored>(new CommandDefinition(Sql,
            new { userId = id, callerId = user.UserId(), size = (short)size }, cancellationToken: ct));
        if (stored is null)
            return Problems.NotFound("avatar_not_found", "This person has no profile picture you can see.");
        var current = string.Equals(query.V, stored.Version, StringComparison.Ordinal);
        return new AvatarImageResult(stored.Image, $"\"{stored.Version}-{size}\"", current ? options.Value.VersionedMaxAgeSeconds : 0);
    }
}
