using Microsoft.OpenApi;

namespace Atrium.Api.Infrastructure.OpenApi;

/// <summary>
/// Request bodies as a client writes them: a member that may be null may also be left out (the generator marks every
/// constructor parameter of a record required, so an optional PATCH field read as mandatory). Responses keep
/// <c>required</c>: the server always sends every member, null or not.
/// </summary>
public static class RequestContract
{
    public static void Apply(OpenApiDocument document)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
            return;
        var bodies = (document.Paths ?? [])
            .SelectMany(p => p.Value.Operations ?? [])
            .Select(o => o.Value.RequestBody?.Content?.Values.FirstOrDefault()?.Schema)
            .OfType<OpenApiSchemaReference>()
            .Select(r => r.Reference.Id)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        foreach (var id in bodies)
        {
            if (!schemas.TryGetValue(id, out var found) || found is not OpenApiSchema schema || schema.Required is null || schema.Properties is null)
                continue;
            foreach (var (name, property) in schema.Properties)
                if (AcceptsNull(property))
                    schema.Required.Remove(name);
        }
    }

    private static bool AcceptsNull(IOpenApiSchema schema) =>
        (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
        || (schema.OneOf?.Any(AcceptsNull) ?? false)
        || (schema.AnyOf?.Any(AcceptsNull) ?? false);
}
