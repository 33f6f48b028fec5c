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

namespace Atrium.Api.Features.Spaces.Members.RevokePermission;

public sealed class RevokePermissionEndpoint : ICarterModule
{
    private const string Delete = "delete from member_permissions where space_id = @spaceId and user_id = @userId and code = @code";

    private const string GivenByOwner = """
        select exists (select 1 from member_permissions mp join spaces s on s.id = mp.space_id
                       where mp.space_id = @spaceId and mp.user_id = @userId and mp.code = @code and mp.granted_by = s.owner_id)
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapDelete("/members/{user_id:long}/permissions/{code}", Handle)
                .WithName(SpacesRoutes.Name(kind, "RevokeMemberPermission"))
                .WithSummary("Switch a direct grant off for a member (permissions.grant). Idempotent.")
                .WithDescription("Only the direct grant goes; the member may still hold the code through the role or a group. An `admins.manage` grant "
                    + "the owner gave is taken back only by the owner (403 `owner_grant_protected`).")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] long userId, string code,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.PermissionsGrant) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await Memberships.RoleAsync(connection, tx, caller.SpaceId, userId, ct) is null)
            return SpaceProblems.MemberNotFound();
        // The owner decides who manages admins: what the owner gave, only the owner takes back.
        if (code == SpacePermissions.AdminsManage && !caller.IsOwner
            && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(GivenByOwner, new { spaceId = caller.SpaceId, userId, code }, tx, cancellationToken: ct)))
            return Problems.ForbiddenBy("owner_grant_protected", "Only the owner takes back an 'admins.manage' grant the owner gave.");

        var removed = await connection.ExecuteAsync(new CommandDefinition(Delete, new { spaceId = caller.SpaceId, userId, code }, tx, cancellationToken: ct));
        if (removed > 0)
            await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "grant.removed", "member_permission",
                $"{userId}:{code}", new { user_id = userId, code }, null, ct);
        var member = (await MemberResponse.ReadAsync(connection, caller.SpaceId, userId, ct, tx))!;
        await tx.CommitAsync(ct);
        return TypedResults.Ok(member);
    }
}
