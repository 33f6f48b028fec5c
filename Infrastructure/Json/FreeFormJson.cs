using System.Text.Json;
using FluentValidation;

namespace Atrium.Api.Infrastructure.Json;

/// <summary>
/// Limits for JSON that clients store as they send it (a space's <c>settings</c>, a comment's payload): it must be
/// an object, small, shallow, and hold only text PostgreSQL's <c>jsonb</c> can store — no NUL and no lone UTF-16
/// surrogate (<c>"\ud800"</c>), in values and in keys alike. What passes is stored and served back at any later
/// time, so the limits are enforced on the way in, where the client can still be told.
/// </summary>
public static class FreeFormJson
{
    /// <summary>Deepest nesting of objects and arrays accepted: the object itself is level 1.</summary>
    public const int MaxDepth = 16;

    /// <summary>
    /// The depth the serializer allows when it reads or writes Atrium's own answers. Stored free-form JSON is at most
    /// <see cref="MaxDepth"/> deep (and was at most 64 before that bound), and no answer wraps it in more than a
    /// handful of levels, so this bound is never the one that fails.
    /// </summary>
    public const int SerializerMaxDepth = 256;

    /// <summary>Why <paramref name="value"/> cannot be stored, or null when it can.</summary>
    public static string? Problem(JsonElement value, int maxBytes)
    {
        if (value.ValueKind != JsonValueKind.Object)
            return "must be a JSON object";
        if (value.GetRawText().Length > maxBytes)
            return $"must be at most {maxBytes} bytes of JSON";
        return Walk(value, 1);
    }

    private static string? Walk(JsonElement element, int depth)
    {
        if (depth > MaxDepth && element.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            return $"must not nest deeper than {MaxDepth} levels";
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (TextProblem(() => property.Name) is { } badKey)
                        return badKey;
                    if (Walk(property.Value, depth + 1) is { } inner)
                        return inner;
                }
                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (Walk(item, depth + 1) is { } inner)
                        return inner;
                return null;
            case JsonValueKind.String:
                return TextProblem(() => element.GetString()!);
            default:
                return null;
        }
    }

    private static string? TextProblem(Func<string> read)
    {
        string text;
        try
        {
            text = read();
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to unescape a lone surrogate (\ud800) into a .NET string.
            return "must not contain a lone UTF-16 surrogate";
        }
        return text.Contains('\0') ? "must not contain the NUL character" : null;
    }

    /// <summary>
    /// The FluentValidation rule for an optional free-form object: absent passes; anything else must pass
    /// <see cref="Problem"/>. The message names the field.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, JsonElement?> StorableObject<T>(this IRuleBuilder<T, JsonElement?> rule, int maxBytes) =>
        rule.Custom((value, context) =>
        {
            if (value is { } element && Problem(element, maxBytes) is { } problem)
                context.AddFailure($"'{context.DisplayName}' {problem}.");
        });
}
