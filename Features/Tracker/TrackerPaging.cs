using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Tracker;

/// <summary><c>page</c> (from 1) and <c>page_size</c> (1–100, default 20) of the tracker's lists.</summary>
public readonly record struct TrackerPaging(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public long Offset => (long)(Page - 1) * PageSize;

    /// <summary>The paging asked for, or the 400 to answer.</summary>
    public static ProblemHttpResult? TryRead(int? page, int? pageSize, out TrackerPaging paging)
    {
        paging = new TrackerPaging(page ?? 1, pageSize ?? DefaultPageSize);
        var errors = new Dictionary<string, string[]>();
        if (paging.Page < 1)
            errors["page"] = ["'page' must be 1 or more."];
        if (paging.PageSize is < 1 or > MaxPageSize)
            errors["page_size"] = [$"'page_size' must be between 1 and {MaxPageSize}."];
        return errors.Count == 0 ? null : Problems.Validation(errors);
    }
}
