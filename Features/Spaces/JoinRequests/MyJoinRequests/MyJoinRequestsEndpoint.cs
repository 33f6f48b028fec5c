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
    private const string Sql = $"""
        with found as (select r.* from join_requests r where r.user_id = @userId)
        select json_build_object(
            'total', (select count(*) from found),
            'items', coalesce((
                select json_agg({JoinRequestResponse.Json} order by r.id desc)
                from (select * from found order by id desc limit @limit offset @offset) r
                join spaces s on s.id = r.space_id
                join users u on u.id = r.user_id), '[]'::json))
        """;

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
        var page = (await connection.QueryJsonAsync<JsonPage<JoinRequestResponse>>(new CommandDefinition(Sql, new
        {
            userId = user.UserId(), limit = paging.Limit, offset = paging.Offset,
        }, cancellationToken: ct)))!;
        return TypedResults.Ok(paging.Of(page.Items, page.Total));
    }
}
