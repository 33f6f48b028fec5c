using System.Security.Claims;
using Atrium.Api.Features.Spaces.Permissions;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.Http;

namespace Atrium.Api.Features.Spaces.Members.MemberPermissions;

/// <summary>Where a member's permission comes from: their role, their groups (by name), a direct grant.</summary>
public sealed record PermissionSources(bool Role, IReadOnlyList<string> Groups, bool Direct);

public sealed record MemberPermissionResponse(string Code, string? Description, bool IsCustom, bool Granted, PermissionSources Sources);

public sealed class MemberPermissionsEndpoint : ICarterModule
{
    private const string Sql = $"""
        with catalog as ({Catalog.Rows}),
        e as (
            select * from member_effective_permissions
            where space_id = @spaceId and user_id = @userId
        )
        select coalesce(json_agg(json_build_object(
                   'code', c.code,
                   'description', c.description,
                   'is_custom', c.is_custom,
                   'granted', exists (select 1 from e where e.code = c.code),
                   'sources', json_build_object(
                       'role', exists (select 1 from e where e.code = c.code and e.source = 'role'),
                       'groups', coalesce((select json_agg(g.name order by g.name)
                                           from e join space_groups g on g.id = e.group_id
                                           where e.code = c.code and e.source = 'group'), '[]'::json),
                       'direct', exists (select 1 from e where e.code = c.code and e.source = 'direct')))
               order by c.is_custom, c.code), '[]'::json)
        from catalog c
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapGet("/members/{user_id:long}/permissions", Handle)
                .WithName(SpacesRoutes.Name(kind, "ListMemberPermissions"))
                .WithSummary("Every permission of the space's catalog for one member: granted or not, and from where.")
                .WithDescription("System codes of the space's kind, then custom codes. `sources`: the role, the names of the groups, a direct grant. "
                    + "Any member may look.")
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Paged<MemberPermissionResponse>>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] long userId, [AsParameters] PageQuery paging,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await Memberships.RoleAsync(connection, null, caller.SpaceId, userId, ct) is null)
            return SpaceProblems.MemberNotFound();
        var items = await connection.QueryJsonAsync<List<MemberPermissionResponse>>(new CommandDefinition(Sql,
            new { spaceId = caller.SpaceId, userId, kind = caller.Kind.ToSql() }, cancellationToken: ct));
        return TypedResults.Ok(paging.Slice<MemberPermissionResponse>(items!));
    }
}
