using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.MyOrganizations;

public sealed class MyOrganizationsEndpoint : ICarterModule
{
    private static readonly string Sql = PageSql.Json(
        found: """
            select s.*
            from spaces s
            join memberships me on me.space_id = s.id and me.user_id = @userId
            where s.kind = 'organization' and s.deleted_at is null
            """,
        alias: "s", item: SpaceResponse.Json, joins: "", order: "name, id");

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapKindGroup(SpaceKind.Organization).MapGet("/me", Handle)
            .WithName("ListMyOrganizations")
            .WithSummary("The organizations the caller is a member of, each with the caller's role (`role`).")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<Results<Ok<Paged<SpaceResponse>>, ProblemHttpResult>> Handle(
        [AsParameters] PageQuery paging, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        await using var connection = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(await connection.ReadJsonAsync<SpaceResponse>(paging, Sql, new { userId = user.UserId() }, ct));
    }
}
