using Atrium.Api.Infrastructure.Http;
using Dapper;
using Npgsql;

namespace Atrium.Api.Infrastructure.Database;

/// <summary>
/// The two shapes of a paged list query: the total and the page in one round trip, taking <c>@limit</c> and
/// <c>@offset</c> (which <see cref="PageReader"/> supplies). Every fragment passed here is a constant of the
/// calling slice (or chosen by it from its constants); every value the client sent travels as a parameter.
/// </summary>
public static class PageSql
{
    /// <summary>
    /// Two statements: the count of the rows of <paramref name="from"/> matching the AND of <paramref name="where"/>,
    /// then one page of them. Read with <see cref="PageReader.ReadRowsAsync{T}"/>.
    /// </summary>
    /// <param name="from">The table with its alias, e.g. <c>crm_deals d</c>.</param>
    /// <param name="columns">The select list of one row.</param>
    /// <param name="where">The conditions, at least one.</param>
    /// <param name="order">The order, ending with a unique column so pages never overlap.</param>
    /// <param name="countFrom">
    /// The tables the count needs, when fewer than <paramref name="from"/>: joins that only shape a row (a lateral
    /// aggregate, a name through a foreign key) make an exact count over a large table much slower.
    /// </param>
    public static string Rows(string from, string columns, IEnumerable<string> where, string order, string? countFrom = null)
    {
        var filter = string.Join(" and ", where);
        return $"""
            select count(*) from {countFrom ?? from} where {filter};
            select {columns} from {from} where {filter}
            order by {order}
            limit @limit offset @offset;
            """;
    }

    /// <summary>
    /// One statement: the matching rows (<paramref name="found"/>), their exact count, and one page of them shaped
    /// as JSON by PostgreSQL, <c>{total, items}</c>. Read with <see cref="PageReader.ReadJsonAsync{T}"/>.
    /// </summary>
    /// <param name="found">The select of the matching rows.</param>
    /// <param name="alias">The name the item JSON and the joins use for a row of <paramref name="found"/>.</param>
    /// <param name="item">The JSON of one item.</param>
    /// <param name="joins">Joins the item JSON needs, after the page's rows.</param>
    /// <param name="order">The order of the list over columns of <paramref name="found"/>, e.g. <c>name, id</c>.</param>
    /// <param name="ctes">Common table expressions that <paramref name="found"/> uses, each followed by a comma.</param>
    public static string Json(string found, string alias, string item, string joins, string order, string ctes = "")
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

/// <summary>Runs a <see cref="PageSql"/> query with the page's <c>@limit</c> and <c>@offset</c> added to the slice's parameters.</summary>
public static class PageReader
{
    /// <summary>The total, then the rows, of a <see cref="PageSql.Rows"/> query (or any query of that shape).</summary>
    public static async Task<Paged<T>> ReadRowsAsync<T>(this NpgsqlConnection connection, PageQuery paging, string sql,
        object parameters, CancellationToken ct)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, With(paging, parameters), cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var items = (await results.ReadAsync<T>()).AsList();
        return paging.Of<T>(items, total);
    }

    /// <summary>The <c>{total, items}</c> of a <see cref="PageSql.Json"/> query.</summary>
    public static async Task<Paged<T>> ReadJsonAsync<T>(this NpgsqlConnection connection, PageQuery paging, string sql,
        object parameters, CancellationToken ct)
    {
        var page = (await connection.QueryJsonAsync<JsonPage<T>>(new CommandDefinition(sql, With(paging, parameters), cancellationToken: ct)))!;
        return paging.Of(page.Items, page.Total);
    }

    private static DynamicParameters With(PageQuery paging, object parameters)
    {
        var all = new DynamicParameters(parameters);
        all.Add("limit", paging.Limit);
        all.Add("offset", paging.Offset);
        return all;
    }

    private sealed record JsonPage<T>(long Total, IReadOnlyList<T> Items);
}
