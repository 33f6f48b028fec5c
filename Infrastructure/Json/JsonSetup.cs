using System.Text.Json;
using System.Text.Json.Serialization;

namespace Atrium.Api.Infrastructure.Json;

/// <summary>snake_case on the wire: properties, enums and validation error keys; no NUL in any string read.</summary>
public static class JsonSetup
{
    /// <summary>
    /// The wire's options for JSON that Atrium writes or reads outside HTTP bodies (jsonb columns, audit and timeline
    /// payloads, cached answers), built once: the same shape a client sees.
    /// </summary>
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new NulFreeStringConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = FreeFormJson.SerializerMaxDepth;
    }

    public static IServiceCollection AddSnakeCaseJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            Apply(o.SerializerOptions);
            // Strict input: a member no request record declares is refused (400 unknown_field), so a typo in a
            // PATCH never silently does nothing. Only HTTP bodies: stored JSON keeps what older versions wrote.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        FluentValidation.ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
            member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
        FluentValidation.ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
        return services;
    }
}
