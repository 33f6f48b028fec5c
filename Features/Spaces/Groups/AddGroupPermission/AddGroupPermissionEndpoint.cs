using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Features.Spaces.Permissions;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Groups.AddGroupPermission;

public sealed class AddGroupPermissionEndpoint : ICarterModule
{
    private const string Insert = """
        insert into group_permissions (space_id, group_id, code) values (@spaceId, @groupId, @code) on conflict do nothing
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPut("/groups/{group_id:long}/permissions/{code}", Handle)
                .WithName(SpacesRoutes.Name(kind, "AddGroupPermission"))
                .WithSummary("Give a group a permission (groups.manage). Idempotent.")
                .WithDescription("The code must be in the space's catalog (404) and held by the caller (403). " + GroupTags.IfMatch
                    + " The answer carries the group's new `ETag`.")
                .WithETag(ifMatch: true)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<Results<Ok<GroupResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "group_id")] long groupId, string code,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.GroupsManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await GroupResponse.ReadVersionedAsync(connection, tx, caller.SpaceId, groupId, ct, forUpdate: true) is not { } locked)
            return SpaceProblems.GroupNotFound();
        if (Preconditions.Stale(http, locked.ETag()) is { } stale)
            return stale;
        if (await Catalog.CheckGrantableAsync(connection, tx, caller, code, ct) is { } problem)
            return problem;

        var added = await connection.ExecuteAsync(new CommandDefinition(Insert, new { spaceId = caller.SpaceId, groupId, code }, tx, cancellationToken: ct));
        if (added > 0)
            await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "group.permission_added", "group", groupId,
                null, new { group_id = groupId, code }, ct);
        var group = (await GroupResponse.ReadVersionedAsync(connection, tx, caller.SpaceId, groupId, ct))!;
        await tx.CommitAsync(ct);
        Preconditions.Stamp(http, group.ETag());
        return TypedResults.Ok(group.Value);
    }
}
