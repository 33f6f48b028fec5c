using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Categories.ListCategories;

public sealed class ListCategoriesEndpoint : ICarterModule
{
    private static readonly string Sql = PageSql.Rows("shop_categories c", CategorySql.Columns, ["true"], "lower(c.name), c.id");

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapShopGroup("/categories", ShopRoutes.CategoriesTag).MapGet("", Handle)
            .WithName("ListCategories")
            .WithSummary("The shop's categories by name, one page at a time (public).")
            .WithDescription("`listed_projects` counts the published listings of each category.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<Results<Ok<Paged<CategoryResponse>>, ProblemHttpResult>> Handle(
        [AsParameters] PageQuery paging, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        await using var connection = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(await connection.ReadRowsAsync<CategoryResponse>(paging, Sql, new { }, ct));
    }
}
