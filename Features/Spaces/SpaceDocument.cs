using Atrium.Api.Features.Spaces.CreateSpace;
using Atrium.Api.Features.Spaces.UpdateSpace;
using Atrium.Api.Infrastructure.Json;
using Atrium.Api.Infrastructure.OpenApi;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atrium.Api.Features.Spaces;

/// <summary>A space's <c>settings</c> in the document: a free-form object, with the bounds the server enforces.</summary>
public sealed class SpaceDocument : IDocumentPart
{
    public const string SettingsSchema = "SpaceSettings";

    public Task ApplyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[SettingsSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalProperties = new OpenApiSchema(),
            Description = "Free-form on purpose: any JSON object the client keeps with the space, stored and answered as sent; "
                + "the server reads none of its keys. Bounds (400 `validation_failed` past them): at most "
                + $"{SpaceFields.MaxSettingsBytes} bytes of JSON, nested at most {FreeFormJson.MaxDepth} levels deep, "
                + "no NUL character and no lone UTF-16 surrogate in keys or values. A new space starts with `{}`.",
        };
        var settings = new OpenApiSchemaReference(SettingsSchema, document);
        DocumentParts.SetProperty(document, nameof(SpaceResponse), "settings", settings);
        DocumentParts.SetProperty(document, nameof(CreateSpaceRequest), "settings", DocumentParts.OrNull(settings));
        DocumentParts.SetProperty(document, nameof(UpdateSpaceRequest), "settings", DocumentParts.OrNull(settings));
        return Task.CompletedTask;
    }
}
