using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atrium.Api.Infrastructure.OpenApi;

/// <summary>
/// Marks a string member (request or response property, query parameter) whose values come from a fixed list, and
/// names that list: the static member <paramref name="member"/> of <paramref name="source"/> that the server itself
/// validates against or writes from. The document's <c>enum</c> is read from it, so there is no second list to keep.
/// The member may be a list of strings or a dictionary keyed by the values (its keys are taken).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OneOfAttribute(Type source, string member) : Attribute
{
    public Type Source { get; } = source;
    public string Member { get; } = member;

    public IReadOnlyList<string> Values => ClosedSetContract.Read(Source, Member);
}

/// <summary>Puts the <c>enum</c> of every <see cref="OneOfAttribute"/> member into the document.</summary>
public static class ClosedSetContract
{
    private const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;

    /// <summary>The values of a static list (or the keys of a static dictionary).</summary>
    public static IReadOnlyList<string> Read(Type source, string member)
    {
        var value = source.GetField(member, Static)?.GetValue(null)
            ?? source.GetProperty(member, Static)?.GetValue(null)
            ?? throw new InvalidOperationException($"{source.Name}.{member} is not a static list.");
        return value switch
        {
            IEnumerable<string> strings => strings.ToList(),
            IDictionary dictionary => dictionary.Keys.Cast<string>().ToList(),
            _ when value.GetType().GetProperty("Keys")?.GetValue(value) is IEnumerable<string> keys => keys.ToList(),
            _ => throw new InvalidOperationException($"{source.Name}.{member} is neither a list of strings nor a dictionary keyed by them."),
        };
    }

    /// <summary>Schema transformer: a property that carries <see cref="OneOfAttribute"/> gets its <c>enum</c>.</summary>
    public static Task ApplyToProperty(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(OneOfAttribute), true).FirstOrDefault() is OneOfAttribute closed)
            SetEnum(schema, closed.Values);
        return Task.CompletedTask;
    }

    /// <summary>Operation transformer: a query parameter that carries <see cref="OneOfAttribute"/> gets its <c>enum</c>.</summary>
    public static Task ApplyToParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            if (description.ParameterDescriptor is not IParameterInfoParameterDescriptor { ParameterInfo: var info }
                || info.GetCustomAttributes(typeof(OneOfAttribute), true).FirstOrDefault() is not OneOfAttribute closed)
                continue;
            var parameter = operation.Parameters?.FirstOrDefault(p => p.Name == description.Name) as OpenApiParameter;
            if (parameter?.Schema is OpenApiSchema schema)
                SetEnum(schema.Type is { } type && type.HasFlag(JsonSchemaType.Array) && schema.Items is OpenApiSchema items ? items : schema, closed.Values);
        }
        return Task.CompletedTask;
    }

    private static void SetEnum(OpenApiSchema schema, IReadOnlyList<string> values)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Array) && schema.Items is OpenApiSchema items)
        {
            SetEnum(items, values);
            return;
        }
        var list = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        if (schema.Type is { } nullable && nullable.HasFlag(JsonSchemaType.Null))
            list.Add(null!);
        schema.Enum = list;
    }
}
