using System.Security.Claims;
using Atrium.Api.Features.Spaces.Members;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
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
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        SpaceRef space, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "group_id")] long groupId,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var access = await PermissionEngine.RequireAsync(connection, space.Kind, space.Id, user.UserId(), "groups.manage", ct, tx);
        if (access.Denied)
            return access.Problem!;
        var before = await GroupResponse.ReadAsync(connection, tx, space.Id, groupId, ct);
        if (before is null)
            return MemberWrites.GroupNotFound();
        await connection.ExecuteAsync(new CommandDefinition(Delete, new { spaceId = space.Id, groupId }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), space.Id, "group.deleted", "group", groupId, before, null, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
