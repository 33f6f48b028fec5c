using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Spaces.ListProjects;

public sealed class ListProjectsEndpoint : ICarterModule
{
    private static readonly string Sql = PageSql.Json(
        found: """
            select s.*
            from spaces s
            where s.kind = 'project' and s.deleted_at is null
              and (s.visibility = 'public'
                   or exists (select 1 from memberships m where m.space_id = s.id and m.user_id = @userId))
              and (@q::text is null or lower(s.name) like @q)
            """,
        alias: "s", item: SpaceResponse.Json, joins: "", order: "name, id");

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapKindGroup(SpaceKind.Project).MapGet("", Handle)
            .WithName("ListProjects")
            .WithSummary("The project directory: every public project and every project the caller is in.")
            .WithDescription("Each with `member_count` and the caller's `role` (null when not a member). "
                + "`q` matches a part of the name, without regard to case. Ordered by name.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<Results<Ok<Paged<SpaceResponse>>, ProblemHttpResult>> Handle(
        [AsParameters] PageQuery paging, [FromQuery(Name = "q")] string? q, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        await using var connection = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(await connection.ReadJsonAsync<SpaceResponse>(paging, Sql, new
        {
            userId = user.UserId(),
            q = Like.Contains(q),
        }, ct));
    }
}
