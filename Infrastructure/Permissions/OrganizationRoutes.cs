using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>
/// A route group of an area that acts inside the organization named by <c>X-Organization-Id</c> (CRM, documents):
/// <c>/api/v1{prefix}</c>, authenticated, with the header documented on every operation. Handlers take
/// <see cref="OrganizationMember"/>, which binds the header and the membership before they run.
/// </summary>
public static class OrganizationRoutes
{
    public static RouteGroupBuilder MapOrganizationGroup(this IEndpointRouteBuilder app, string prefix, string tag)
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
