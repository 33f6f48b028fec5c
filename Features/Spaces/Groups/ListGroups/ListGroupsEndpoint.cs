using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.Http;

namespace Atrium.Api.Features.Spaces.Groups.ListGroups;

public sealed class ListGroupsEndpoint : ICarterModule
{
    private const string Sql = $"""
        select coalesce(json_agg({GroupResponse.Json} order by g.name), '[]'::json)
        from space_groups g
        where g.space_id = @spaceId
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapGet("/groups", Handle)
                .WithName(SpacesRoutes.Name(kind, "ListGroups"))
                .WithSummary("The groups of a space with their permissions and member counts (any member).")
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Paged<GroupResponse>>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [AsParameters] PageQuery paging, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        await using var connection = await db.OpenConnectionAsync(ct);
        var groups = await connection.QueryJsonAsync<List<GroupResponse>>(new CommandDefinition(Sql, new { spaceId = caller.SpaceId }, cancellationToken: ct));
        return TypedResults.Ok(paging.Slice<GroupResponse>(groups!));
    }
}
