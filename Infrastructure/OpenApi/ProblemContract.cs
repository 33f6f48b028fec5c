using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;

namespace Atrium.Api.Infrastructure.OpenApi;

/// <summary>
/// One rule for every operation of the document, old and new: each 4xx/5xx answers the one <c>Problem</c> schema
/// (as <c>application/problem+json</c>) and lists the <c>code</c> values it can carry. The codes come from one place
/// per source: what the plumbing answers for the operation's shape (authentication, a body, parameters, the
/// <c>X-Organization-Id</c> header, a dependency outage) and the <c>NNN `code`</c> pairs of the operation's own
/// description. <c>Retry-After</c> is declared on 429 and 503.
/// </summary>
public static partial class ProblemContract
{
    public const string SchemaName = "Problem";
    public const string MediaType = "application/problem+json";

    /// <summary>Codes the plumbing answers, by what the operation has.</summary>
    public static readonly string[] Unauthenticated = ["unauthenticated", "invalid_token", "token_expired", "session_ended"];
    public static readonly string[] BadBody = ["malformed_json", "unknown_field", "validation_failed", "invalid_text"];
    public static readonly string[] BadParameter = ["invalid_parameter", "invalid_text", "validation_failed"];
    public static readonly string[] BadOrganizationHeader = ["organization_header_missing", "organization_header_invalid"];
    public static readonly string[] Unavailable = ["database_unavailable", "redis_unavailable"];

    [GeneratedRegex(@"\b(?<status>[45]\d\d)\b[^`.;]{0,40}?`(?<code>[a-z][a-z0-9_]*)`", RegexOptions.CultureInvariant)]
    private static partial Regex StatusAndCode();

    public static void Apply(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[SchemaName] = ProblemSchema();

        foreach (var (_, item) in document.Paths ?? [])
        foreach (var (_, operation) in item.Operations ?? [])
            ApplyTo(operation, document);

        foreach (var unused in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
            document.Components.Schemas.Remove(unused);
    }

    private static void ApplyTo(OpenApiOperation operation, OpenApiDocument document)
    {
        operation.Responses ??= new OpenApiResponses();
        var codes = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Add(string status, params string[] values)
        {
            if (!codes.TryGetValue(status, out var set))
                codes[status] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.UnionWith(values);
        }

        if (operation.Security is { Count: > 0 } security && security.Any(r => r.Count > 0))
            Add("401", Unauthenticated);
        if (operation.RequestBody is not null)
        {
            Add("400", BadBody);
            Add("413", "payload_too_large");
            Add("415", "unsupported_media_type");
        }
        var parameters = operation.Parameters ?? [];
        if (parameters.Any(p => p.In == ParameterLocation.Query))
            Add("400", BadParameter);
        if (parameters.Any(p => p.In == ParameterLocation.Header && p.Name == Permissions.OrganizationContext.Header))
        {
            Add("400", BadOrganizationHeader);
            Add("404", "organization_not_found");
        }
        if (parameters.Any(p => p.In == ParameterLocation.Header && p.Name is "If-Match" or "If-None-Match"))
            Add("400", Http.EntityTags.MalformedCode);
        if (parameters.Any(p => p.In == ParameterLocation.Header && p.Name == "If-Match"))
            Add("412", "etag_mismatch");
        foreach (Match match in StatusAndCode().Matches(operation.Description ?? ""))
            Add(match.Groups["status"].Value, match.Groups["code"].Value);
        foreach (var (status, _) in operation.Responses)
            if (IsError(status) && !codes.ContainsKey(status))
                Add(status, FallbackCode(status));
        Add("503", Unavailable);

        foreach (var (status, values) in codes)
        {
            if (values.Count == 0 && !operation.Responses.ContainsKey(status))
                continue;
            operation.Responses.TryGetValue(status, out var existing);
            var response = existing as OpenApiResponse ?? new OpenApiResponse();
            var text = existing?.Description is { Length: > 0 } d && !IsFrameworkDefault(d) ? d.TrimEnd() : DefaultDescription(status);
            response.Description = values.Count == 0
                ? text
                : $"{text} Codes: {string.Join(", ", values.Select(v => $"`{v}`"))}.";
            response.Content = new Dictionary<string, OpenApiMediaType>
            {
                [MediaType] = new() { Schema = new OpenApiSchemaReference(SchemaName, document) },
            };
            if (status is "429" or "503")
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                };
            }
            operation.Responses[status] = response;
        }
    }

    // An error status the operation declares without naming a code answers the one the plumbing gives it.
    private static string FallbackCode(string status) => status switch
    {
        "403" => "permission_denied",
        _ => Errors.Problems.DefaultCodeOf(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static bool IsError(string status) => status.Length == 3 && status[0] is '4' or '5';

    // The generator's defaults ("Bad Request", "Not Found") say less than ours.
    private static bool IsFrameworkDefault(string description) =>
        description.Length < 40 && !description.Contains('(') && !description.Contains('.');

    private static string DefaultDescription(string status) => status switch
    {
        "400" => "The request is invalid (problem details).",
        "401" => "No, expired or revoked session (problem details).",
        "403" => "The caller lacks the permission (problem details).",
        "404" => "The resource does not exist or is not visible to you (problem details).",
        "409" => "The request conflicts with the current state (problem details).",
        "412" => "The resource changed since it was read (problem details).",
        "413" => "The request body is too large (problem details).",
        "415" => "The request body is not JSON (problem details).",
        "429" => "Too many requests; see Retry-After (problem details).",
        "503" => "PostgreSQL or Redis is unavailable for a moment; see Retry-After (problem details).",
        _ => "The request failed (problem details).",
    };

    private static OpenApiSchema ProblemSchema()
    {
        OpenApiSchema Text(string description, bool nullable = false) => new()
        {
            Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String,
            Description = description,
        };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details, the one shape of every error. Branch on `code`, never on `title` or `detail`.",
            Required = new HashSet<string> { "title", "status", "code", "trace_id" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("A URI naming the kind of problem, when there is one.", nullable: true),
                ["title"] = Text("A short summary for people; not stable."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
                ["detail"] = Text("What went wrong in this case, for people; not stable.", nullable: true),
                ["instance"] = Text("The request's path.", nullable: true),
                ["code"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Pattern = "^[a-z][a-z0-9_]*$",
                    Description = "Stable, machine-readable: each response lists the codes it can carry.",
                    Examples = [JsonValue.Create("validation_failed")],
                },
                ["trace_id"] = Text("The id of the request's trace (quote it when reporting a problem)."),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Per field (its wire name or path, e.g. `items[2].name`), what is wrong with it.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
                ["permission"] = Text("The permission the action needs (403 `permission_denied`)."),
                ["from"] = Text("The current state a refused transition starts from (409 `invalid_transition`)."),
                ["to"] = Text("The state a refused transition asked for (409 `invalid_transition`)."),
                ["retry_after"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = "1",
                    Description = "Seconds to wait before retrying (429, 503); also sent as `Retry-After`.",
                },
            },
        };
    }
}
