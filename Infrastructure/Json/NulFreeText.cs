using System.Text.Json;
using System.Text.Json.Serialization;

namespace Atrium.Api.Infrastructure.Json;

/// <summary>
/// PostgreSQL text cannot hold the NUL character, and a NUL sent to it as a parameter is not only refused:
/// it has been seen to leave the pooled connection (with auto-prepared statements) answering the next,
/// innocent command with garbage. So NUL never gets past the edge: JSON strings, property names of
/// free-form objects and query strings that contain one are the client's 400 <c>invalid_text</c>.
/// </summary>
public static class NulFreeText
{
    public const string Code = "invalid_text";

    /// <summary>Marks a <see cref="JsonException"/> as a NUL refusal, so the error handler answers <see cref="Code"/>.</summary>
    public const string ExceptionMarker = "atrium.invalid_text";

    public static string MessageFor(string field) => $"'{field}' must not contain the NUL character.";

    internal static JsonException Refusal()
    {
        var refusal = new JsonException("A string contains the NUL character.");
        refusal.Data[ExceptionMarker] = true;
        return refusal;
    }
}

/// <summary>Reads JSON strings like the default converter, but refuses one that contains a NUL (see <see cref="NulFreeText"/>).</summary>
public sealed class NulFreeStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString()!; // a token of another type throws here, as in the default converter
        return value.Contains('\0') ? throw NulFreeText.Refusal() : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString()!;
        return value.Contains('\0') ? throw NulFreeText.Refusal() : value;
    }

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);
}
