using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Atrium.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    private const string BearerScheme = "Bearer";

    public static IServiceCollection AddAtriumOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Atrium API",
                    Version = "v1",
                    Description = "Accounts and sessions, organizations and projects with one permission engine, "
                        + "a multi-tenant CRM, documents with signatures, a task tracker and a project shop. "
                        + "Errors are RFC 9457 problem details with a stable `code`.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "The access_token of POST /api/v1/auth/login.",
                };
                return Task.CompletedTask;
            });
            // Strings are read by a converter of our own (NulFreeStringConverter), which the schema generator
            // cannot see through: it would document every string as "anything". Put the type back.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type == typeof(string) && schema.Type is null)
                {
                    schema.Type = JsonSchemaType.String;
                    if (context.JsonPropertyInfo is { IsGetNullable: true } or { IsSetNullable: true })
                        schema.Type |= JsonSchemaType.Null;
                }
                else if (context.JsonTypeInfo.ElementType == typeof(string) && schema.Items is null)
                {
                    schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
                }
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var needsAuth = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
                if (needsAuth)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
                    });
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No, expired or revoked session (problem details)." });
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapAtriumOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", options => options
            .WithTitle("Atrium API")
            .AddPreferredSecuritySchemes(BearerScheme));
        return app;
    }
}
