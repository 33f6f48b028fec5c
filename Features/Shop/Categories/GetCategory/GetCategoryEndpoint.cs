using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Categories.GetCategory;

public sealed class GetCategoryEndpoint : ICarterModule
{
    private const string Sql = $"select {CategorySql.Columns} from shop_categories c where c.id = @id";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapShopGroup("/categories", ShopRoutes.CategoriesTag).MapGet("/{id:long}", Handle)
            .WithName("GetCategory")
            .WithSummary("One category (public).")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> Handle(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var category = await connection.QuerySingleOrDefaultAsync<CategoryResponse>(new CommandDefinition(Sql, new { id }, cancellationToken: ct));
        return category is null ? CategorySql.NotFound() : TypedResults.Ok(category);
    }
}
