using System.Security.Claims;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Jobs;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Jobs.ListJobs;

public sealed class ListJobsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapJobsGroup().MapGet("", Handle)
            .WithName("ListJobs")
            .WithSummary("Outbox jobs waiting to run (`status=pending`, the default) or parked after their last attempt (`status=parked`).")
            .WithDescription("Platform staff only (403 `staff_only`). Oldest first; `last_error` says why the last attempt failed. "
                + "The payload is not shown: it may hold a code mailed to someone.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<Results<Ok<Paged<JobRow>>, ProblemHttpResult>> Handle(
        [FromQuery(Name = "status")] [OneOf(typeof(JobStatuses), nameof(JobStatuses.Listed))] string? status, [AsParameters] PageQuery paging,
        ClaimsPrincipal user, NpgsqlDataSource db, JobQueue queue, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        status ??= "pending";
        if (!JobStatuses.Listed.Contains(status))
            return Problems.Invalid("status", "validation_failed", "'status' must be 'pending' or 'parked'.");
        if (!await JobsRoutes.IsStaffAsync(db, user, ct))
            return Problems.ForbiddenBy("staff_only", JobsRoutes.StaffOnly);

        var (rows, total) = await queue.ListAsync(status, paging.Limit, (int)Math.Min(paging.Offset, int.MaxValue), ct);
        return TypedResults.Ok(paging.Of(rows, total));
    }
}
