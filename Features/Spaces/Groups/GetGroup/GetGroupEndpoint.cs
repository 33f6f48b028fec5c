using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Groups.GetGroup;

public sealed class GetGroupEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapGet("/groups/{group_id:long}", Handle)
                .WithName(SpacesRoutes.Name(kind, "GetGroup"))
                .WithSummary("One group with its permissions and member count (any member).")
                .WithETag(ifNoneMatch: true)
                .WithDescription("A group of another space is 404. The strong `ETag` names the group's version (its permissions "
                    + "included) and its member count; PATCH, DELETE and the permission routes compare it with `If-Match`, and a "
                    + "matching `If-None-Match` is answered 304.")
                .Produces(StatusCodes.Status304NotModified)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<GroupResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "group_id")] long groupId,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var group = await GroupResponse.ReadVersionedAsync(connection, null, caller.SpaceId, groupId, ct);
        if (group is null)
            return SpaceProblems.GroupNotFound();
        return Preconditions.NotModified(http, group.ETag())
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(group.Value);
    }
}
