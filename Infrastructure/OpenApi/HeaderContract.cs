using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Atrium.Api.Infrastructure.Http;

namespace Atrium.Api.Infrastructure.OpenApi;

/// <summary>What an endpoint does with entity tags, declared once beside its route and documented from there.</summary>
public sealed record ETagMetadata(bool IfMatch, bool IfNoneMatch);

/// <summary>
/// Headers in the document: <c>Location</c> on every 201 (every create answers it), and for endpoints that
/// declare <see cref="ETagMetadata"/> (<c>.WithETag(...)</c>) the <c>ETag</c> of their 2xx answers, the
/// <c>If-Match</c> / <c>If-None-Match</c> parameters, 412 and 304.
/// </summary>
public static class HeaderContract
{
    /// <summary>The endpoint answers an <c>ETag</c>; <paramref name="ifMatch"/>: it honours <c>If-Match</c> (412 on a stale
    /// write); <paramref name="ifNoneMatch"/>: it answers 304 to a matching <c>If-None-Match</c>.
    /// A malformed <c>If-Match</c> or <c>If-None-Match</c> is answered 400 <c>etag_malformed</c> before the handler runs.</summary>
    public static TBuilder WithETag<TBuilder>(this TBuilder builder, bool ifMatch = false, bool ifNoneMatch = false)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ETagMetadata(ifMatch, ifNoneMatch));
        return ifMatch || ifNoneMatch ? builder.AddEndpointFilter<TBuilder, ConditionalHeadersFilter>() : builder;
    }

    /// <summary>Operation transformer: the ETag headers and parameters of an endpoint that declares them.</summary>
    public static Task ApplyETags(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var etag = context.Description.ActionDescriptor.EndpointMetadata.OfType<ETagMetadata>().LastOrDefault();
        if (etag is null)
            return Task.CompletedTask;
        operation.Parameters ??= [];
        operation.Responses ??= new OpenApiResponses();
        if (etag.IfMatch)
        {
            operation.Parameters.Add(HeaderParameter("If-Match",
                "The `ETag` last read; when sent and stale the change is refused with 412 `etag_mismatch`. Optional."));
            operation.Responses.TryAdd("412", new OpenApiResponse { Description = "The resource changed since it was read (problem details)." });
        }
        if (etag.IfNoneMatch)
        {
            operation.Parameters.Add(HeaderParameter("If-None-Match",
                "An `ETag` read before; while it still matches the answer is 304 without a body."));
            operation.Responses.TryAdd("304", new OpenApiResponse { Description = "Not modified: the `ETag` sent in If-None-Match still matches." });
        }
        foreach (var (status, response) in operation.Responses)
        {
            if (status is not ("200" or "201" or "304") || response is not OpenApiResponse concrete)
                continue;
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers["ETag"] = new OpenApiHeader
            {
                Description = "The entity tag of this representation.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
        return Task.CompletedTask;
    }

    /// <summary>Document pass: <c>Location</c> on every 201.</summary>
    public static void Apply(OpenApiDocument document)
    {
        foreach (var (_, item) in document.Paths ?? [])
        foreach (var (_, operation) in item.Operations ?? [])
        {
            if (operation.Responses?.TryGetValue("201", out var created) != true || created is not OpenApiResponse response)
                continue;
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["Location"] = new OpenApiHeader
            {
                Description = "The address of what was created.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
            };
        }
    }

    private static OpenApiParameter HeaderParameter(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
