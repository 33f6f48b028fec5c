using Atrium.Api.Infrastructure.Errors;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Shop.Categories;

public sealed record CategoryResponse(long Id, string Name, string? Description, long ListedProjects, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>The SQL and answers the category slices share.</summary>
public static class CategorySql
{
    /// <summary>A category as <see cref="CategoryResponse"/> (alias <c>c</c>).</summary>
    public const string Columns = """
        c.id, c.name, c.description,
        (select count(*) from shop_listings l where l.category_id = c.id and l.published) as listed_projects,
        c.created_at, c.updated_at
        """;

    public const string NameKey = "shop_categories_name_key";

    /// <summary>The listings' foreign key to their category, which refuses deleting a category in use.</summary>
    public const string ListingsForeignKey = "shop_listings_category_id_fkey";

    public static ProblemHttpResult NotFound() => Problems.NotFound("category_not_found", "No category with this id.");

    public static ProblemHttpResult NameTaken() => Problems.Conflict("category_name_taken", "Another category has this name.");
}

public static class CategoryValidation
{
    public static IRuleBuilderOptions<T, string?> CategoryName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => n is not null && n.Trim().Length is >= 1 and <= 100 && !n.Contains('\0'))
            .WithMessage("'name' must be 1–100 characters (no NUL).");

    public static IRuleBuilderOptions<T, string?> CategoryDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(d => d is null || (d.Length <= 2000 && !d.Contains('\0')))
            .WithMessage("'description' must be at most 2000 characters (no NUL).");
}
