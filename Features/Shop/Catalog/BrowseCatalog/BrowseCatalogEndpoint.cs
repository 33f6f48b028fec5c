using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Validation;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Shop.Catalog.BrowseCatalog;

public sealed record BrowseCatalogQuery(
    [FromQuery(Name = "category_id")] long? CategoryId,
    [FromQuery(Name = "creator_id")] long? CreatorId,
    [FromQuery(Name = "min_price")] decimal? MinPrice,
    [FromQuery(Name = "max_price")] decimal? MaxPrice,
    [FromQuery(Name = "currency")] string? Currency,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "sort")] [property: OneOf(typeof(BrowseCatalogEndpoint), nameof(BrowseCatalogEndpoint.Sorts))] string? Sort);

public sealed class BrowseCatalogValidator : AbstractValidator<BrowseCatalogQuery>
{
    public BrowseCatalogValidator()
    {
        RuleFor(q => q.CategoryId).GreaterThan(0);
        RuleFor(q => q.CreatorId).GreaterThan(0);
        RuleFor(q => q.MinPrice).Must(p => Money.IsAmount(p!.Value)).When(q => q.MinPrice is not null)
            .WithMessage("'min_price' must be a numeric(14,2) amount of 0 or more.");
        RuleFor(q => q.MaxPrice).Must(p => Money.IsAmount(p!.Value)).When(q => q.MaxPrice is not null)
            .WithMessage("'max_price' must be a numeric(14,2) amount of 0 or more.");
        RuleFor(q => q.MaxPrice).GreaterThanOrEqualTo(q => q.MinPrice!.Value).When(q => q.MinPrice is not null && q.MaxPrice is not null)
            .WithMessage("'max_price' must not be below 'min_price'.");
        RuleFor(q => q.Currency).Must(Money.IsCurrency).When(q => q.Currency is not null)
            .WithMessage("'currency' must be an ISO 4217 code such as EUR.");
        RuleFor(q => q.Q).MaximumLength(200);
        RuleFor(q => q.Sort).Must(s => s is null || BrowseCatalogEndpoint.Sorts.ContainsKey(s))
            .WithMessage($"'sort' must be one of: {string.Join(", ", BrowseCatalogEndpoint.Sorts.Keys)}.");
    }
}

public sealed class BrowseCatalogEndpoint : ICarterModule
{
    /// <summary>The sorts a client may choose, and the order each one is (never the client's text). Each has its index.</summary>
    public static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["newest"] = "l.listed_at desc, l.project_id desc",
        ["price"] = "l.price, l.project_id",
        ["-price"] = "l.price desc, l.project_id desc",
        ["popularity"] = "l.orders_count desc, l.project_id desc",
    };

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapShopGroup("/projects", ShopRoutes.CatalogTag).MapGet("", Handle)
            .Validate<BrowseCatalogQuery>()
            .WithName("BrowseCatalog")
            .WithSummary("The public catalog: published listings, filtered and sorted, one page at a time.")
            .WithDescription("Filters: `category_id`, `creator_id`, `min_price`/`max_price` (inclusive), `currency`, `q` (in the project's name). "
                + "`sort`: `newest` (default), `price` (cheapest first), `-price`, `popularity` (most ordered first: items of orders that "
                + "are not archived). Ties are broken by project id. Anonymous callers are welcome.");

    private static async Task<Results<Ok<Paged<CatalogItem>>, ProblemHttpResult>> Handle(
        [AsParameters] PageQuery paging, [AsParameters] BrowseCatalogQuery query, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        var where = new List<string> { "l.published" };
        var parameters = new DynamicParameters();
        if (query.CategoryId is { } category)
        {
            where.Add("l.category_id = @categoryId");
            parameters.Add("categoryId", category);
        }
        if (query.CreatorId is { } creator)
        {
            where.Add("l.creator_id = @creatorId");
            parameters.Add("creatorId", creator);
        }
        if (query.MinPrice is { } min)
        {
            where.Add("l.price >= @minPrice");
            parameters.Add("minPrice", min);
        }
        if (query.MaxPrice is { } max)
        {
            where.Add("l.price <= @maxPrice");
            parameters.Add("maxPrice", max);
        }
        if (query.Currency is { } currency)
        {
            where.Add("l.currency = @currency");
            parameters.Add("currency", currency);
        }
        if (Like.Contains(query.Q) is { } pattern)
        {
            where.Add("lower(s.name) like @pattern");
            parameters.Add("pattern", pattern);
        }
        // the count reads the listings alone (every listing has its project, category and creator), joined to the
        // projects only when it filters by their name
        var sql = PageSql.Rows(CatalogSql.From, CatalogSql.Columns, where, Sorts[query.Sort ?? "newest"],
            countFrom: query.Q is null ? "shop_listings l" : "shop_listings l join spaces s on s.id = l.project_id");
        await using var connection = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(await connection.ReadRowsAsync<CatalogItem>(paging, sql, parameters, ct));
    }
}
