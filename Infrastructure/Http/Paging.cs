using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Atrium.Api.Infrastructure.Http;

/// <summary>
/// <c>page</c> (default 1) and <c>page_size</c> (default 20, at most 100) of a list route.
/// Bind with <c>[AsParameters] PageQuery paging</c>; check with <see cref="Check"/>; hand <see cref="Limit"/>
/// and <see cref="Offset"/> to SQL.
/// </summary>
public sealed record PageQuery(
    [property: FromQuery(Name = "page")] int? Page,
    [property: FromQuery(Name = "page_size")] int? PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    /// <summary>Deeper pages than this are refused: keyset cursors serve long streams.</summary>
    public const int MaxPage = 100_000;

    public int Number => Page ?? 1;
    public int Size => PageSize ?? DefaultPageSize;
    public int Limit => Size;
    public long Offset => (long)(Number - 1) * Size;

    /// <summary>A 400 problem when <c>page</c> or <c>page_size</c> is out of range; null when both are fine.</summary>
    public ProblemHttpResult? Check()
    {
        if (Number is < 1 or > MaxPage)
            return Problems.Invalid("page", "page_out_of_range", $"'page' must be between 1 and {MaxPage}.");
        if (Size is < 1 or > MaxPageSize)
            return Problems.Invalid("page_size", "page_size_out_of_range", $"'page_size' must be between 1 and {MaxPageSize}.");
        return null;
    }

    public Paged<T> Of<T>(IReadOnlyList<T> items, long total) => new(items, Number, Size, total);
}

/// <summary>One page of a list: <c>{items, page, page_size, total}</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);
