namespace Atrium.Api.Features.Spaces;

/// <summary>
/// The one shape of the paged list queries of the space slices: the matching rows (<c>found</c>), their exact
/// count, and one page of them shaped as JSON by PostgreSQL, <c>{total, items}</c>. Needs <c>@limit</c> and
/// <c>@offset</c>; every other value stays a parameter of the parts.
/// </summary>
public static class PageSql
{
    /// <param name="found">The select of the matching rows.</param>
    /// <param name="alias">The name the item JSON and the joins use for a row of <paramref name="found"/>.</param>
    /// <param name="item">The JSON of one item.</param>
    /// <param name="joins">Joins the item JSON needs, after the page's rows.</param>
    /// <param name="order">The order of the list over columns of <paramref name="found"/>, e.g. <c>name, id</c>.</param>
    /// <param name="ctes">Common table expressions that <paramref name="found"/> uses, each followed by a comma.</param>
    public static string Of(string found, string alias, string item, string joins, string order, string ctes = "")
    {
        var aliased = string.Join(", ", order.Split(',', StringSplitOptions.TrimEntries).Select(term => alias + "." + term));
        return $"""
            with {ctes}
            found as (
            {found}
            )
            select json_build_object(
                'total', (select count(*) from found),
                'items', coalesce((
                    select json_agg({item} order by {aliased})
                    from (select * from found order by {order} limit @limit offset @offset) {alias}
                    {joins}), '[]'::json))
            """;
    }
}
