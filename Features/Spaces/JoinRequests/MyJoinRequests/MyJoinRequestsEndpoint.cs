using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.JoinRequests.MyJoinRequests;

public sealed class MyJoinRequestsEndpoint : ICarterModule
{
    private static readonly string Sql = PageSql.Json(
        found: "select r.* from join_requests r join spaces live on live.id = r.space_id and live.deleted_at is null where r.user_id = @userId",
        alias: "r", item: JoinRequestResponse.Json, joins: JoinRequestResponse.Joins, order: "id desc");

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMySpacesGroup().MapGet("/join-requests", Handle)
            .WithName("ListMyJoinRequests")
            .WithSummary("The caller's join requests in every space, newest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<Results<Ok<Paged<JoinRequestResponse>>, ProblemHttpResult>> Handle(
        [AsParameters] PageQuery paging, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        await using var connection = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(await connection.ReadJsonAsync<JoinRequestResponse>(paging, Sql, new { userId = user.UserId() }, ct));
    }
}
