using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Permissions;

namespace Atrium.Api.Features.Spaces.MyProjects;

public sealed record GroupRef(long Id, string Name);

/// <summary>A project of the caller with their role, groups and effective permissions in it.</summary>
public sealed record MyProjectResponse(SpaceResponse Project, [property: OneOf(typeof(Roles), nameof(Roles.All))] string Role, IReadOnlyList<GroupRef> Groups, IReadOnlyList<string> EffectivePermissions);

public sealed class MyProjectsEndpoint : ICarterModule
{
    private static readonly string Sql = PageSql.Json(
        found: """
            select s.*, me.role as my_role
            from spaces s
            join memberships me on me.space_id = s.id and me.user_id = @userId
            where s.kind = 'project' and s.deleted_at is null
            """,
        alias: "s",
        item: $"""
            json_build_object(
                'project', {SpaceResponse.Json},
                'role', s.my_role,
                'groups', coalesce((select json_agg(json_build_object('id', g.id, 'name', g.name) order by g.name)
                                    from member_groups mg
                                    join space_groups g on g.id = mg.group_id
                                    where mg.space_id = s.id and mg.user_id = @userId), '[]'::json),
                'effective_permissions', coalesce((select json_agg(distinct e.code order by e.code)
                                                   from member_effective_permissions e
                                                   where e.space_id = s.id and e.user_id = @userId), '[]'::json))
            """,
        joins: "", order: "name, id");

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMySpacesGroup().MapGet("/projects", Handle)
            .WithName("ListMyProjects")
            .WithSummary("The projects the caller is in, each with the caller's role, groups and effective permissions.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<Results<Ok<Paged<MyProjectResponse>>, ProblemHttpResult>> Handle(
        [AsParameters] PageQuery paging, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        await using var connection = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(await connection.ReadJsonAsync<MyProjectResponse>(paging, Sql, new { userId = user.UserId() }, ct));
    }
}
