using Atrium.Api.Infrastructure.Permissions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atrium.Api.Features.Crm;

/// <summary>
/// Where the CRM slices hang: <c>/api/v1/{area}</c>, authenticated, in the organization named by the
/// <c>X-Organization-Id</c> header (documented on every operation).
/// </summary>
public static class CrmRoutes
{
    public const string ContactsTag = "CRM · Contacts";
    public const string DealsTag = "CRM · Deals";
    public const string TasksTag = "CRM · Tasks";
    public const string ActivitiesTag = "CRM · Activities";
    public const string AnalyticsTag = "CRM · Analytics";

    public static RouteGroupBuilder MapCrmGroup(this IEndpointRouteBuilder app, string prefix, string tag)
    {
        var group = app.MapGroup("/api/v1" + prefix).WithTags(tag).RequireAuthorization();
        group.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = OrganizationContext.Header,
                In = ParameterLocation.Header,
                Required = true,
                Description = "The organization the request acts in. Missing or malformed: 400; not a member: 404.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
            });
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("400", new OpenApiResponse { Description = "Missing or malformed X-Organization-Id, or invalid input (problem details)." });
            operation.Responses.TryAdd("404", new OpenApiResponse { Description = "Not a member of the organization, or the resource is not in it (problem details)." });
            return Task.CompletedTask;
        });
        return group;
    }
}
