using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atrium.Api.Infrastructure.OpenApi;

/// <summary>
/// Documents the <c>{id}</c> route value of a group whose handlers receive it through a binder
/// (<c>ProjectMember</c>, the space binders of Spaces), which the document generator cannot see into.
/// </summary>
public static class RouteIdParameter
{
    public static TBuilder DocumentRouteId<TBuilder>(this TBuilder builder, string? description = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            if (!operation.Parameters.Any(p => p.Name == "id"))
                operation.Parameters.Insert(0, new OpenApiParameter
                {
                    Name = "id",
                    In = ParameterLocation.Path,
                    Required = true,
                    Description = description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
                });
            return Task.CompletedTask;
        });
}
