using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Categories.CreateCategory;

public sealed record CreateCategoryRequest(string Name, string? Description);

public sealed class CreateCategoryValidator : AbstractValidator<CreateCategoryRequest>
{
    public CreateCategoryValidator()
    {
        RuleFor(r => r.Name).CategoryName();
        RuleFor(r => r.Description).CategoryDescription();
    }
}

public sealed class CreateCategoryEndpoint : ICarterModule
{
    private const string Insert = $"""
        insert into shop_categories as c (name, description) values (@name, @description)
        returning {CategorySql.Columns}
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapShopGroup("/categories", ShopRoutes.CategoriesTag).MapPost("", Handle)
            .RequireAuthorization()
            .Validate<CreateCategoryRequest>()
            .WithName("CreateCategory")
            .WithSummary("Create a category (categories.manage).")
            .WithDescription("Names are unique without regard to case (409 `category_name_taken`). Writes a `category.created` platform audit event.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Created<CategoryResponse>, ProblemHttpResult>> Handle(
        CreateCategoryRequest request, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Lacks(PlatformPermissions.CategoriesManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            var category = await connection.QuerySingleAsync<CategoryResponse>(new CommandDefinition(Insert,
                new { name = request.Name.Trim(), request.Description }, transaction, cancellationToken: ct));
            await PlatformAuditLog.WriteAsync(connection, transaction, AuditActor.From(http), "category.created", "category", category.Id,
                null, category, ct);
            await transaction.CommitAsync(ct);
            return TypedResults.Created($"/api/v1/shop/categories/{category.Id}", category);
        }
        catch (PostgresException e) when (e.IsUniqueViolation(CategorySql.NameKey))
        {
            return CategorySql.NameTaken();
        }
    }
}
