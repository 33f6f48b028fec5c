using Atrium.Api.Features.Crm;

namespace Atrium.Api.Features.Documents;

/// <summary>Where the document slices hang: <c>/api/v1/documents</c>, authenticated, in the organization of <c>X-Organization-Id</c>.</summary>
public static class DocumentsRoutes
{
    public const string Tag = "Documents";

    public static RouteGroupBuilder MapDocumentsGroup(this IEndpointRouteBuilder app) => app.MapCrmGroup("/documents", Tag);
}
