using Dapper;
using FluentValidation;
using Npgsql;

namespace Atrium.Api.Features.Crm;

/// <summary>One page of a list: <c>{items, page, page_size, total}</c>.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

/// <summary>A list query with <c>page</c> and <c>page_size</c>.</summary>
public interface IPagedQuery
{
    int? Page { get; }
    int? PageSize { get; }
}

/// <summary>The paging rules of every CRM list: page ≥ 1 (default 1), page_size 1–100 (default 20).</summary>
public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static int PageOf(this IPagedQuery query) => query.Page ?? 1;

    public static int SizeOf(this IPagedQuery query) => query.PageSize ?? DefaultPageSize;

    public static long OffsetOf(this IPagedQuery query) => (query.PageOf() - 1L) * query.SizeOf();

    public static PageOf<T> ToPage<T>(this IPagedQuery query, IReadOnlyList<T> items, long total) =>
        new(items, query.PageOf(), query.SizeOf(), total);

    /// <summary>Adds the page and page_size rules to a list query's validator.</summary>
    public static void AddPagingRules<T>(this AbstractValidator<T> validator) where T : IPagedQuery
    {
        validator.RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithMessage("'page' must be 1 or more.");
        validator.RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize)
            .WithMessage($"'page_size' must be between 1 and {MaxPageSize}.");
    }

    /// <summary>
    /// One page of <paramref name="table"/> (with its alias) filtered by the AND of <paramref name="where"/>, and the total,
    /// in one round trip. The clauses and the order are the slice's constant SQL; values travel in <paramref name="parameters"/>.
    /// </summary>
    public static async Task<PageOf<T>> ReadPageAsync<T>(this NpgsqlConnection connection, IPagedQuery query, string table, string columns,
        IEnumerable<string> where, string orderBy, DynamicParameters parameters, CancellationToken ct)
    {
        parameters.Add("PageLimit", query.SizeOf());
        parameters.Add("PageOffset", query.OffsetOf());
        var filter = string.Join(" and ", where);
        var sql = $"""
            select count(*) from {table} where {filter};
            select {columns} from {table} where {filter}
            order by {orderBy}
            limit @PageLimit offset @PageOffset;
            """;
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var items = (await results.ReadAsync<T>()).AsList();
        return query.ToPage<T>(items, total);
    }
}
