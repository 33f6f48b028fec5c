using System.Security.Claims;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Jobs;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Jobs.RetryJob;

public sealed class RetryJobEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapJobsGroup().MapPost("/{id:long}/retry", Handle)
            .WithName("RetryJob")
            .WithSummary("Put a parked job back in the queue, due now, with its attempts reset.")
            .WithDescription("Platform staff only (403 `staff_only`). 404 `job_not_found`; 409 `job_not_parked` when the job is pending or done.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Accepted, ProblemHttpResult>> Handle(
        long id, ClaimsPrincipal user, NpgsqlDataSource db, JobQueue queue, CancellationToken ct)
    {
        if (!await JobsRoutes.IsStaffAsync(db, user, ct))
            return Problems.ForbiddenBy("staff_only", JobsRoutes.StaffOnly);
        return await queue.RetryAsync(id, ct) switch
        {
            null => Problems.NotFound("job_not_found", "No job has this id."),
            false => Problems.Conflict("job_not_parked", "Only a parked job can be retried; this one is pending or done."),
            true => TypedResults.Accepted($"/api/v1/jobs?status=pending"),
        };
    }
}
