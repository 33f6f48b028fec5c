using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Jobs;

/// <summary>Where the staff routes of the outbox hang: <c>/api/v1/jobs</c>, for platform staff only.</summary>
public static class JobsRoutes
{
    public const string Tag = "Jobs";

    public static RouteGroupBuilder MapJobsGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/jobs").WithTags(Tag).RequireAuthorization();

    /// <summary>Whether the caller is platform staff (<c>users.is_staff</c>, read at each request so a demotion acts at once).</summary>
    public static async Task<bool> IsStaffAsync(NpgsqlDataSource db, ClaimsPrincipal user, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<bool>(new CommandDefinition(
            "select is_staff from users where id = @id", new { id = user.UserId() }, cancellationToken: ct));
    }

    public const string StaffOnly = "This route is for platform staff.";
}
