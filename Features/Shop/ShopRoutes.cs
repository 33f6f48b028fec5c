using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Permissions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Shop;

/// <summary>
/// Where the shop slices hang (brief 003). Catalog reads are public; everything else needs a signed-in caller,
/// whose platform permissions come bound as <see cref="PlatformCaller"/>.
/// </summary>
public static class ShopRoutes
{
    public const string CategoriesTag = "Shop · Categories";
    public const string CreatorsTag = "Shop · Creators";
    public const string CatalogTag = "Shop · Catalog";
    public const string OrdersTag = "Shop · Orders";
    public const string DonationsTag = "Shop · Donations";
    public const string MyShopTag = "Shop · My shop";

    /// <summary><c>/api/v1/shop/{area}</c>, open to anonymous readers; write routes add <c>RequireAuthorization()</c>.</summary>
    public static RouteGroupBuilder MapShopGroup(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup("/api/v1/shop" + prefix).WithTags(tag);

    /// <summary><c>/api/v1/{prefix}</c> for signed-in callers (orders, donations).</summary>
    public static RouteGroupBuilder MapSignedInGroup(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup("/api/v1" + prefix).WithTags(tag).RequireAuthorization();

    /// <summary><c>/api/v1/projects/{id}</c> for the listing of one project; the caller comes bound as its <see cref="ProjectMember"/>.</summary>
    public static RouteGroupBuilder MapListingGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/projects/{id:long}").WithTags(CatalogTag).RequireAuthorization().DocumentRouteId("The project's id.");

    /// <summary>403 naming the platform permission the caller lacks, or null when they hold it.</summary>
    public static ProblemHttpResult? Lacks(this PlatformCaller caller, string permission) =>
        caller.Has(permission) ? null : Problems.Forbidden(permission);
}
