using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Spaces.JoinRequests.ListJoinRequests;

public sealed class ListJoinRequestsEndpoint : ICarterModule
{
    private static readonly string Sql = PageSql.Json(
        found: "select r.* from join_requests r where r.space_id = @spaceId and (@status::text is null or r.status = @status)",
        alias: "r", item: JoinRequestResponse.Json, joins: JoinRequestResponse.Joins, order: "id desc");

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapGet("/join-requests", Handle)
                .WithName(SpacesRoutes.Name(kind, "ListJoinRequests"))
                .WithSummary("Who wants to join the space, newest first (join_requests.review).")
                .WithDescription("`status`: pending, approved, rejected or withdrawn; all when absent.")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Paged<JoinRequestResponse>>, ProblemHttpResult>> Handle(
        SpaceRef space, [AsParameters] PageQuery paging, [FromQuery(Name = "status")] string? status,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        if (status is not null && !JoinRequestResponse.Statuses.Contains(status))
            return Problems.Invalid("status", "invalid_status", "'status' must be pending, approved, rejected or withdrawn.");
        await using var connection = await db.OpenConnectionAsync(ct);
        var access = await PermissionEngine.RequireAsync(connection, space.Kind, space.Id, user.UserId(), "join_requests.review", ct);
        if (access.Denied)
            return access.Problem!;
        return TypedResults.Ok(await connection.ReadJsonAsync<JoinRequestResponse>(paging, Sql, new { spaceId = space.Id, status }, ct));
    }
}
