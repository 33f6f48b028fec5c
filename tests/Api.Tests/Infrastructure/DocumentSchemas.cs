using System.Text.Json.Nodes;
using Json.Schema;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>
/// Validates JSON against the schemas of the live OpenAPI document (OpenAPI 3.1 schemas are JSON Schema 2020-12):
/// the components become <c>$defs</c> of one schema, so every <c>$ref</c> resolves.
/// </summary>
public sealed class DocumentSchemas
{
    private readonly JsonObject _defs;
    private readonly Dictionary<string, JsonSchema> _built = new(StringComparer.Ordinal);

    public DocumentSchemas(JsonNode document)
    {
        var text = document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        _defs = JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>What is wrong with <paramref name="instance"/> under the component <paramref name="component"/>; empty when it is valid.</summary>
    public IReadOnlyList<string> Check(string component, JsonNode? instance) =>
        Check(new JsonObject { ["$ref"] = $"#/$defs/{component}" }, instance);

    /// <summary>What is wrong with <paramref name="instance"/> under an inline schema of the document (its refs resolve).</summary>
    public IReadOnlyList<string> Check(JsonNode schema, JsonNode? instance)
    {
        var key = schema.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        if (!_built.TryGetValue(key, out var built))
        {
            var root = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$id"] = $"https://atrium.invalid/schema/{_built.Count}",
                ["$defs"] = _defs.DeepClone(),
                ["allOf"] = new JsonArray(JsonNode.Parse(key)),
            };
            _built[key] = built = JsonSchema.FromText(root.ToJsonString());
        }
        var result = built.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")).DefaultIfEmpty("invalid").ToList();
    }
}
