using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Features.Spaces.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces.Members.ChangeMemberRole;

public sealed record ChangeMemberRoleRequest([property: OneOf(typeof(RoleRules), nameof(RoleRules.Assignable))] string Role);

public sealed class ChangeMemberRoleValidator : AbstractValidator<ChangeMemberRoleRequest>
{
    public ChangeMemberRoleValidator() =>
        RuleFor(r => r.Role).Must(RoleRules.IsAssignable).WithMessage("'role' must be admin, manager or member (ownership moves by transfer).");
}

public sealed class ChangeMemberRoleEndpoint : ICarterModule
{
    private const string Update = "update memberships set role = @role where space_id = @spaceId and user_id = @userId";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPatch("/members/{user_id:long}", Handle)
            .WithNullSemantics("`role` is required and never null; nothing else is changed here.")
                .Validate<ChangeMemberRoleRequest>()
                .WithName(SpacesRoutes.Name(kind, "ChangeMemberRole"))
                .WithSummary("Change a member's role (members.manage; to or from admin also admins.manage).")
                .WithDescription("The owner's role is not changed here (409 `owner_immutable`): ownership moves by transfer-ownership. Nobody raises their "
                    + "own role (403 `own_role_raise_forbidden`), and nobody gives a role holding a permission they lack (403 naming it). "
                    + "Lowering a role revokes the pending invitations the member made.")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] long userId, ChangeMemberRoleRequest request,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.MembersManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await Memberships.RoleAsync(connection, tx, caller.SpaceId, userId, ct);
        if (current is null)
            return SpaceProblems.MemberNotFound();
        if (RoleRules.IsProtected(current))
            return Problems.Conflict("owner_immutable", "The owner's role cannot be changed; transfer the ownership instead.");
        if (await RoleHandOut.CheckAsync(connection, tx, caller, userId, current, request.Role, ct) is { } roleProblem)
            return roleProblem;

        if (current != request.Role)
        {
            await connection.ExecuteAsync(new CommandDefinition(Update, new { spaceId = caller.SpaceId, userId, role = request.Role }, tx, cancellationToken: ct));
            var actor = AuditActor.From(http);
            if (RoleRules.Rank(request.Role) < RoleRules.Rank(current))
                await InviterRights.RevokeInvitationsByAsync(connection, tx, actor, caller.SpaceId, userId, ct);
            await AuditLog.WriteAsync(connection, tx, actor, caller.SpaceId, "member.role_changed", "member", userId,
                new { user_id = userId, role = current }, new { user_id = userId, role = request.Role }, ct);
        }
        var member = (await MemberResponse.ReadAsync(connection, caller.SpaceId, userId, ct, tx))!;
        await tx.CommitAsync(ct);
        return TypedResults.Ok(member);
    }
}
