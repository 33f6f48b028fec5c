using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Permissions.DeletePermission;

public sealed class DeletePermissionEndpoint : ICarterModule
{
    private const string Delete = """
        delete from space_permissions where space_id = @spaceId and code = @code
        returning code, description, true as is_custom, created_at
        """;

    private const string IsSystem = "select exists (select 1 from permissions where code = @code and applies_to in (@kind, 'any'))";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapDelete("/permissions/{code}", Handle)
                .WithName(SpacesRoutes.Name(kind, "DeletePermission"))
                .WithSummary("Delete a custom permission; groups and members lose it (permissions.manage).")
                .WithDescription("System codes cannot be deleted (409 `system_permission`).")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        MemberOfSpace caller, string code, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.PermissionsManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(IsSystem, new { code, kind = caller.Kind.ToSql() }, tx, cancellationToken: ct)))
            return Problems.Conflict("system_permission", "System permissions cannot be deleted.");
        var deleted = await connection.QuerySingleOrDefaultAsync<PermissionResponse>(new CommandDefinition(Delete,
            new { spaceId = caller.SpaceId, code }, tx, cancellationToken: ct));
        if (deleted is null)
            return Catalog.NotFound();
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "permission.deleted", "permission", code, deleted, null, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
