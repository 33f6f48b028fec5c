using Atrium.Api.Features.Spaces;
using System.Security.Claims;
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

namespace Atrium.Api.Features.Spaces.Groups.DeleteGroup;

public sealed class DeleteGroupEndpoint : ICarterModule
{
    private const string Delete = "delete from space_groups where space_id = @spaceId and id = @groupId";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapDelete("/groups/{group_id:long}", Handle)
                .WithName(SpacesRoutes.Name(kind, "DeleteGroup"))
                .WithSummary("Delete a group; its members lose what it gave them (groups.manage).")
                .WithETag(ifMatch: true)
                .WithDescription(GroupTags.IfMatch)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "group_id")] long groupId,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.GroupsManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var locked = await GroupResponse.ReadVersionedAsync(connection, tx, caller.SpaceId, groupId, ct, forUpdate: true);
        if (locked is null)
            return SpaceProblems.GroupNotFound();
        if (Preconditions.Stale(http, locked.ETag()) is { } stale)
            return stale;
        var before = locked.Value;
        await connection.ExecuteAsync(new CommandDefinition(Delete, new { spaceId = caller.SpaceId, groupId }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "group.deleted", "group", groupId, before, null, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
