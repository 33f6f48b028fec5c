using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.Http;

namespace Atrium.Api.Features.Spaces.Permissions.ListPermissions;

public sealed class ListPermissionsEndpoint : ICarterModule
{
    private const string Sql = $"select code, description, is_custom, created_at from ({Catalog.Rows}) c order by is_custom, code";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapGet("/permissions", Handle)
                .WithName(SpacesRoutes.Name(kind, "ListPermissions"))
                .WithSummary("The permission catalog of a space: system codes of its kind, then its custom codes (any member).")
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Paged<PermissionResponse>>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [AsParameters] PageQuery paging, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<PermissionResponse>(new CommandDefinition(Sql,
            new { kind = caller.Kind.ToSql(), spaceId = caller.SpaceId }, cancellationToken: ct));
        return TypedResults.Ok(paging.Slice(rows.ToList()));
    }
}
