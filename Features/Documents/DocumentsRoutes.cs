using Atrium.Api.Infrastructure.Permissions;

namespace Atrium.Api.Features.Documents;

/// <summary>Where the document slices hang: <c>/api/v1/documents</c>, authenticated, in the organization of <c>X-Organization-Id</c>.</summary>
public static class DocumentsRoutes
{
    public const string Tag = "Documents";

    public static RouteGroupBuilder MapDocumentsGroup(this IEndpointRouteBuilder app) => app.MapOrganizationGroup("/documents", Tag);
}
