using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Features.Spaces.Permissions;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Members.GrantPermission;

public sealed class GrantPermissionEndpoint : ICarterModule
{
    private const string Insert = """
        insert into member_permissions (space_id, user_id, code, granted_by) values (@spaceId, @userId, @code, @grantedBy)
        on conflict do nothing
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPut("/members/{user_id:long}/permissions/{code}", Handle)
                .WithName(SpacesRoutes.Name(kind, "GrantMemberPermission"))
                .WithSummary("Switch a direct grant on for a member (permissions.grant). Idempotent.")
                .WithDescription("The code must be in the space's catalog (404) and held by the caller (403).")
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
        if (await Catalog.CheckGrantableAsync(connection, tx, caller, code, ct) is { } problem)
            return problem;

        var added = await connection.ExecuteAsync(new CommandDefinition(Insert,
            new { spaceId = caller.SpaceId, userId, code, grantedBy = user.UserId() }, tx, cancellationToken: ct));
        if (added > 0)
            await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "grant.added", "member_permission",
                $"{userId}:{code}", null, new { user_id = userId, code }, ct);
        var member = (await MemberResponse.ReadAsync(connection, caller.SpaceId, userId, ct, tx))!;
        await tx.CommitAsync(ct);
        return TypedResults.Ok(member);
    }
}
