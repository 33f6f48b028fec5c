using Microsoft.OpenApi;

namespace Atrium.Api.Infrastructure.OpenApi;

/// <summary>
/// The health endpoints are mapped by the health-check middleware, which the generator cannot see; they are
/// described here so probes and clients find them in the document (anonymous, 200 or 503, the same body).
/// </summary>
public static class HealthDocument
{
    public const string Tag = "Health";

    public static void Apply(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas["HealthReport"] = Report();
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = Tag });
        document.Paths ??= new OpenApiPaths();
        document.Paths["/health/live"] = Path(document, "HealthLive", "Liveness: the process is up.",
            "Answers 200 while the process serves requests; checks no dependency.");
        document.Paths["/health/ready"] = Path(document, "HealthReady", "Readiness: PostgreSQL and Redis answer.",
            "Checks PostgreSQL and Redis side by side, each within 1 s; 503 names the failing check (never why).");
    }

    private static OpenApiPathItem Path(OpenApiDocument document, string id, string summary, string description)
    {
        OpenApiResponse Answer(string text) => new()
        {
            Description = text,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference("HealthReport", document) },
            },
        };
        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = id,
                    Summary = summary,
                    Description = description,
                    Tags = new HashSet<OpenApiTagReference> { new(Tag, document) },
                    Security = [],
                    Responses = new OpenApiResponses
                    {
                        ["200"] = Answer("Healthy."),
                        ["503"] = Answer("A dependency does not answer."),
                    },
                },
            },
        };
    }

    private static OpenApiSchema Report()
    {
        var status = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = ["healthy", "degraded", "unhealthy"],
        };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalPropertiesAllowed = false,
            Required = new HashSet<string> { "status", "checks" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = status,
                ["checks"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        AdditionalPropertiesAllowed = false,
                        Required = new HashSet<string> { "status", "duration_ms" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["status"] = status,
                            ["duration_ms"] = new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" },
                        },
                    },
                },
            },
        };
    }
}
