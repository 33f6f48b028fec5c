using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
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
                .WithDescription("A group of another space is 404.")
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<GroupResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "group_id")] long groupId,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var group = await GroupResponse.ReadAsync(connection, null, caller.SpaceId, groupId, ct);
        return group is null ? SpaceProblems.GroupNotFound() : TypedResults.Ok(group);
    }
}
