using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Features.Spaces.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Members.RemoveMember;

public sealed class RemoveMemberEndpoint : ICarterModule
{
    private const string Delete = "delete from memberships where space_id = @spaceId and user_id = @userId";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapDelete("/members/{user_id:long}", Handle)
                .WithName(SpacesRoutes.Name(kind, "RemoveMember"))
                .WithSummary("Remove a member (members.manage; an admin also admins.manage), or leave when it is yourself.")
                .WithDescription("The owner is never removed and cannot leave (409): transfer the ownership first. The pending invitations the member "
                    + "made are revoked in the same transaction.")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] long userId,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var callerId = user.UserId();
        var leaving = callerId == userId;
        if (!leaving && caller.Require(SpacePermissions.MembersManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await Memberships.RoleAsync(connection, tx, caller.SpaceId, userId, ct);
        if (current is null)
            return SpaceProblems.MemberNotFound();
        if (RoleRules.IsProtected(current))
            return leaving
                ? Problems.Conflict("owner_cannot_leave", "The owner cannot leave; transfer the ownership first.")
                : Problems.Conflict("owner_immutable", "The owner cannot be removed.");
        if (!leaving && MemberChecks.CheckRoleChange(caller, current, null) is { } roleProblem)
            return roleProblem;

        var before = await Memberships.SnapshotAsync(connection, tx, caller.SpaceId, userId, ct);
        var actor = AuditActor.From(http);
        await InviterRights.RevokeInvitationsByAsync(connection, tx, actor, caller.SpaceId, userId, ct);
        await connection.ExecuteAsync(new CommandDefinition(Delete, new { spaceId = caller.SpaceId, userId }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, tx, actor, caller.SpaceId, leaving ? "member.left" : "member.removed", "member",
            userId, before, null, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
