using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Categories.DeleteCategory;

public sealed class DeleteCategoryEndpoint : ICarterModule
{
    private const string Delete = $"delete from shop_categories c where c.id = @id returning {CategorySql.Columns}";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapShopGroup("/categories", ShopRoutes.CategoriesTag).MapDelete("/{id:long}", Handle)
            .RequireAuthorization()
            .WithName("DeleteCategory")
            .WithSummary("Delete a category (categories.manage).")
            .WithDescription("A category that listed projects use cannot be deleted: 409 `category_has_projects` (move or remove the listings first). "
                + "Writes a `category.deleted` platform audit event.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        long id, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Lacks(PlatformPermissions.CategoriesManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            var deleted = await connection.QuerySingleOrDefaultAsync<CategoryResponse>(new CommandDefinition(Delete, new { id }, transaction, cancellationToken: ct));
            if (deleted is null)
                return CategorySql.NotFound();
            await PlatformAuditLog.WriteAsync(connection, transaction, AuditActor.From(http), "category.deleted", "category", id, deleted, null, ct);
            await transaction.CommitAsync(ct);
            return TypedResults.NoContent();
        }
        catch (PostgresException e) when (e.IsForeignKeyViolation(CategorySql.ListingsForeignKey))
        {
            return Problems.Conflict("category_has_projects", "Projects are listed in this category; move or remove their listings first.");
        }
    }
}
