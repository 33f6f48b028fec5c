using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Members.SetMemberGroups;

public sealed record SetMemberGroupsRequest(long[] GroupIds);

public sealed class SetMemberGroupsValidator : AbstractValidator<SetMemberGroupsRequest>
{
    public SetMemberGroupsValidator() =>
        RuleFor(r => r.GroupIds).NotNull().Must(g => g is null || g.Length <= 100).WithMessage("'group_ids' is a list of at most 100 group ids.");
}

public sealed class SetMemberGroupsEndpoint : ICarterModule
{
    private const string RemoveOthers = """
        delete from member_groups where space_id = @spaceId and user_id = @userId and group_id <> all(@groupIds)
        """;

    private const string AddMissing = """
        insert into member_groups (space_id, user_id, group_id)
        select @spaceId, @userId, g from unnest(@groupIds) as g
        on conflict do nothing
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPut("/members/{user_id:long}/groups", Handle)
                .Validate<SetMemberGroupsRequest>()
                .WithName(SpacesRoutes.Name(kind, "SetMemberGroups"))
                .WithSummary("Set the groups of a member: exactly these afterwards (members.manage).")
                .WithDescription("A group id of another space is 404 `group_not_found`. Groups holding a permission the caller lacks are 403.")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] long userId, SetMemberGroupsRequest request,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.MembersManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await Memberships.RoleAsync(connection, tx, caller.SpaceId, userId, ct) is null)
            return SpaceProblems.MemberNotFound();
        var groupIds = request.GroupIds.Distinct().Order().ToArray();
        var before = await Memberships.SnapshotAsync(connection, tx, caller.SpaceId, userId, ct);
        // only the groups being added are handed out; the kept ones were checked when they were given
        if (await MemberChecks.CheckGroupsAsync(connection, tx, caller, groupIds.Except(before.GroupIds).ToArray(), ct) is { } groupProblem)
            return groupProblem;

        if (!before.GroupIds.SequenceEqual(groupIds))
        {
            var args = new { spaceId = caller.SpaceId, userId, groupIds };
            await connection.ExecuteAsync(new CommandDefinition(RemoveOthers, args, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(AddMissing, args, tx, cancellationToken: ct));
            var after = await Memberships.SnapshotAsync(connection, tx, caller.SpaceId, userId, ct);
            await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "member.groups_changed", "member", userId, before, after, ct);
        }
        var member = (await MemberResponse.ReadAsync(connection, caller.SpaceId, userId, ct, tx))!;
        await tx.CommitAsync(ct);
        return TypedResults.Ok(member);
    }
}
