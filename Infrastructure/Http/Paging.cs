using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Atrium.Api.Infrastructure.Http;

/// <summary>
/// <c>page</c> (default 1, at least 1) and <c>page_size</c> (default 20, 1–100) of every list route.
/// Bind with <c>[AsParameters] PageQuery paging</c>, answer the problem of <see cref="Check"/> when there is one,
/// then read the page with <see cref="PageReader"/> over a query shaped by <see cref="PageSql"/>.
/// A page past the end is an empty page, not an error.
/// </summary>
public sealed record PageQuery(
    [property: FromQuery(Name = "page")] int? Page,
    [property: FromQuery(Name = "page_size")] int? PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public int Number => Page ?? 1;
    public int Size => PageSize ?? DefaultPageSize;
    public int Limit => Size;
    public long Offset => (Number - 1L) * Size;

    /// <summary>400 <c>validation_failed</c> with an error under <c>page</c> and/or <c>page_size</c>; null when both are fine.</summary>
    public ProblemHttpResult? Check()
    {
        var errors = new Dictionary<string, string[]>();
        if (Number < 1)
            errors["page"] = ["'page' must be 1 or more."];
        if (Size is < 1 or > MaxPageSize)
            errors["page_size"] = [$"'page_size' must be between 1 and {MaxPageSize}."];
        return errors.Count == 0 ? null : Problems.Validation(errors);
    }

    public Paged<T> Of<T>(IReadOnlyList<T> items, long total) => new(items, Number, Size, total);

    /// <summary>This page of a short list read whole (a caller's sessions, a space's groups): the same envelope as every list.</summary>
    public Paged<T> Slice<T>(IReadOnlyList<T> all) =>
        new(all.Skip((int)Math.Min(Offset, int.MaxValue)).Take(Limit).ToList(), Number, Size, all.Count);
}

/// <summary>One page of a list: <c>{items, page, page_size, total}</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total)
{
    /// <summary>The same page with every item turned into its response shape.</summary>
    public Paged<TOut> Map<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), Page, PageSize, Total);
}
