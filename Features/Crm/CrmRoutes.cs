using Atrium.Api.Infrastructure.Permissions;

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

    public static RouteGroupBuilder MapCrmGroup(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapOrganizationGroup(prefix, tag);
}
