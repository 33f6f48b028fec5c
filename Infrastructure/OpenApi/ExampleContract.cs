using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atrium.Api.Infrastructure.OpenApi;

/// <summary>
/// The example of a request body, written beside its record when the one <see cref="ExampleContract"/> would build
/// from the schema does not fit (members that exclude each other, codes with a shape of their own).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequestExampleAttribute(string json) : Attribute
{
    public string Json { get; } = json;
}

/// <summary>
/// Every JSON request body carries an example: the record's <see cref="RequestExampleAttribute"/> when it has one,
/// otherwise one built from the schema (enums take their first value, formats a value of their kind, well-known
/// member names a value that reads like one; optional references to other resources are left out). The test suite
/// checks each example against its schema and sends it to the server.
/// </summary>
public static class ExampleContract
{
    private const string Json = "application/json";

    /// <summary>Operation transformer: the example written beside the body's record.</summary>
    public static Task ApplyWritten(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var body = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
        if (body?.GetCustomAttributes(typeof(RequestExampleAttribute), false).FirstOrDefault() is RequestExampleAttribute written
            && operation.RequestBody?.Content?.TryGetValue(Json, out var media) == true && media is OpenApiMediaType concrete)
            concrete.Example = JsonNode.Parse(written.Json);
        return Task.CompletedTask;
    }

    /// <summary>Document pass: an example built from the schema for every JSON body still without one.</summary>
    public static void Apply(OpenApiDocument document)
    {
        foreach (var (_, item) in document.Paths ?? [])
        foreach (var (_, operation) in item.Operations ?? [])
            if (operation.RequestBody?.Content?.TryGetValue(Json, out var media) == true && media is OpenApiMediaType { Example: null } concrete
                && concrete.Schema is { } schema)
                concrete.Example = Build(document, schema, null, 0);
    }

    private static readonly Dictionary<string, JsonNode> Named = new(StringComparer.Ordinal)
    {
        ["email"] = "ada@example.com",
        ["new_email"] = "ada.lovelace@example.com",
        ["password"] = "correct-horse-battery-42",
        ["new_password"] = "correct-horse-battery-43",
        ["current_password"] = "correct-horse-battery-42",
        ["name"] = "Analytical Engines",
        ["display_name"] = "Ada's workshop",
        ["organization_name"] = "Analytical Engines",
        ["username"] = "ada",
        ["title"] = "Quarterly review",
        ["description"] = "Agreed at the kickoff meeting.",
        ["note"] = "Please have a look by Friday.",
        ["message"] = "Happy to help.",
        ["reason"] = "The project is full for now.",
        ["bio"] = "Builds tools for numbers.",
        ["body"] = "Looks good to me.",
        ["text"] = "Looks good to me.",
        ["phone"] = "+44 20 7946 0958",
        ["currency"] = "EUR",
        ["amount"] = 1250.5m,
        ["price"] = 19.99m,
        ["website"] = "https://ada.example.com",
        ["locale"] = "en",
        ["position"] = "Engineer",
        ["file_name"] = "contract.txt",
        ["payment_provider"] = "stripe",
        ["payment_reference"] = "pi_3NqL2e",
        ["code"] = "123456",
        ["challenge_id"] = "6f1c0b7e4a2d4c7f9e3b5a1d2c4e6f80",
        ["token"] = "Zt3qv9XkW1sJ8mHcR0pL4yN6bA2fD5gE",
        ["refresh_token"] = "Zt3qv9XkW1sJ8mHcR0pL4yN6bA2fD5gE",
        ["version"] = 1,
        ["birth_date"] = "1990-12-10",
    };

    private static JsonNode? Build(OpenApiDocument document, IOpenApiSchema schema, string? name, int depth)
    {
        if (depth > 8)
            return null;
        // A component added by a document pass is not yet known to the reference's own lookup: read it by name.
        if (schema is OpenApiSchemaReference { Reference.Id: { } id } && document.Components?.Schemas?.TryGetValue(id, out var target) == true)
            schema = target;
        if (schema.OneOf is { Count: > 0 } oneOf)
            return Build(document, oneOf.FirstOrDefault(s => s is OpenApiSchemaReference || s.Type != JsonSchemaType.Null) ?? oneOf[0], name, depth + 1);
        if (schema.Enum is { Count: > 0 } values)
            return values.FirstOrDefault(v => v is not null)?.DeepClone();
        if (name is not null && Named.TryGetValue(name, out var named) && Fits(schema, named))
            return named.DeepClone();
        var type = schema.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.Object) || schema.Properties is { Count: > 0 })
        {
            var result = new JsonObject();
            foreach (var (property, inner) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                var required = schema.Required?.Contains(property) == true;
                if (!required && (property.EndsWith("_id", StringComparison.Ordinal) || property.EndsWith("_ids", StringComparison.Ordinal)))
                    continue;
                if (Build(document, inner, property, depth + 1) is { } value)
                    result[property] = value;
            }
            return result;
        }
        if (type.HasFlag(JsonSchemaType.Array))
            return schema.Items is { } items && Build(document, items, Singular(name), depth + 1) is { } item ? new JsonArray(item) : new JsonArray();
        if (type.HasFlag(JsonSchemaType.Boolean))
            return true;
        if (type.HasFlag(JsonSchemaType.Integer))
            return 1;
        if (type.HasFlag(JsonSchemaType.Number))
            return 10.5m;
        if (type.HasFlag(JsonSchemaType.String))
            return schema.Format switch
            {
                "date" => "2026-12-01",
                "date-time" => "2026-12-01T09:00:00Z",
                _ => "text",
            };
        return null;
    }

    private static string? Singular(string? name) => name is { Length: > 1 } && name.EndsWith('s') ? name[..^1] : name;

    private static bool Fits(IOpenApiSchema schema, JsonNode value)
    {
        var type = schema.Type ?? 0;
        return value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => type.HasFlag(JsonSchemaType.String)
                && (schema.MaxLength is not { } max || ((string)value!).Length <= max),
            System.Text.Json.JsonValueKind.Number => type.HasFlag(JsonSchemaType.Number)
                || (type.HasFlag(JsonSchemaType.Integer) && decimal.Parse(value.ToJsonString(), CultureInfo.InvariantCulture) % 1 == 0),
            _ => false,
        };
    }
}
