using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Categories.UpdateCategory;

/// <summary>Partial update: an absent (or null) field stays; an empty <c>description</c> clears it.</summary>
public sealed record UpdateCategoryRequest(string? Name, string? Description);

public sealed class UpdateCategoryValidator : AbstractValidator<UpdateCategoryRequest>
{
    public UpdateCategoryValidator()
    {
        RuleFor(r => r.Name).CategoryName().When(r => r.Name is not null);
        RuleFor(r => r.Description).CategoryDescription();
    }
}

public sealed class UpdateCategoryEndpoint : ICarterModule
{
    private const string Before = $"select {CategorySql.Columns} from shop_categories c where c.id = @id for update";

    private const string Update = $"""
        update shop_categories c
        set name = coalesce(@name, c.name),
            description = case when @description::text is null then c.description else nullif(@description, '') end
        where c.id = @id
        returning {CategorySql.Columns}
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapShopGroup("/categories", ShopRoutes.CategoriesTag).MapPatch("/{id:long}", Handle)
            .RequireAuthorization()
            .Validate<UpdateCategoryRequest>()
            .WithName("UpdateCategory")
            .WithSummary("Change a category (categories.manage).")
            .WithDescription("Writes a `category.updated` platform audit event with the values before and after.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> Handle(
        long id, UpdateCategoryRequest request, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Lacks(PlatformPermissions.CategoriesManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<CategoryResponse>(new CommandDefinition(Before, new { id }, transaction, cancellationToken: ct));
        if (before is null)
            return CategorySql.NotFound();
        try
        {
            var after = await connection.QuerySingleAsync<CategoryResponse>(new CommandDefinition(Update,
                new { id, name = request.Name?.Trim(), request.Description }, transaction, cancellationToken: ct));
            await PlatformAuditLog.WriteAsync(connection, transaction, AuditActor.From(http), "category.updated", "category", id, before, after, ct);
            await transaction.CommitAsync(ct);
            return TypedResults.Ok(after);
        }
        catch (PostgresException e) when (e.IsUniqueViolation(CategorySql.NameKey))
        {
            return CategorySql.NameTaken();
        }
    }
}
