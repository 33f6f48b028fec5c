namespace Atrium.Api.Features.Shop.Catalog;

/// <summary>A published listing as the public catalog shows it.</summary>
public sealed record CatalogItem(long ProjectId, string Name, string? Description, decimal Price, string Currency,
    long CategoryId, string CategoryName, long CreatorId, string CreatorName, long OrdersCount, DateTime ListedAt);

public static class CatalogSql
{
    /// <summary>The tables of a <see cref="CatalogItem"/>: listing <c>l</c>, project <c>s</c>, category <c>c</c>, creator <c>cr</c>.</summary>
    public const string From = """
        shop_listings l
        join spaces s on s.id = l.project_id
        join shop_categories c on c.id = l.category_id
        join shop_creators cr on cr.id = l.creator_id
        """;

    public const string Columns = """
        l.project_id, s.name, s.description, l.price, l.currency, l.category_id, c.name as category_name,
        l.creator_id, cr.display_name as creator_name, l.orders_count, l.listed_at
        """;
}
