using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atrium.Api.Infrastructure.OpenApi;

/// <summary>
/// A part of the document a feature states itself, for what the generator cannot see: the shape of JSON that a
/// record carries as a <c>JsonElement</c> (a timeline payload, a space's settings). Every class implementing it
/// (with a parameterless constructor) is found by <see cref="DocumentParts"/> and applied in name order.
/// </summary>
public interface IDocumentPart
{
    Task ApplyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct);
}

public static class DocumentParts
{
    private static readonly Type[] Parts = typeof(IDocumentPart).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDocumentPart).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    public static async Task ApplyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        foreach (var type in Parts)
            await ((IDocumentPart)Activator.CreateInstance(type)!).ApplyAsync(document, context, ct);
    }

    /// <summary>The schema of <typeparamref name="T"/> as the generator writes it, kept as a component named after it.</summary>
    public static async Task<IOpenApiSchema> ComponentAsync<T>(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        var name = typeof(T).Name;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(name))
            document.Components.Schemas[name] = await context.GetOrCreateSchemaAsync(typeof(T), null, ct);
        return new OpenApiSchemaReference(name, document);
    }

    /// <summary>The property <paramref name="property"/> of the component <paramref name="schema"/>, to replace it.</summary>
    public static void SetProperty(OpenApiDocument document, string schema, string property, IOpenApiSchema value)
    {
        if (document.Components?.Schemas?.TryGetValue(schema, out var found) == true && found is OpenApiSchema { Properties: { } properties }
            && properties.ContainsKey(property))
            properties[property] = value;
    }

    /// <summary>A schema that also accepts null.</summary>
    public static IOpenApiSchema OrNull(IOpenApiSchema schema) => new OpenApiSchema
    {
        OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, schema],
    };
}
