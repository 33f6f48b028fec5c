using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Members.GetMember;

public sealed class GetMemberEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapGet("/members/{user_id:long}", Handle)
                .WithName(SpacesRoutes.Name(kind, "GetMember"))
                .WithSummary("One member with role, groups, direct and effective permissions (any member).")
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> Handle(
        SpaceRef space, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] long userId,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var access = await PermissionEngine.MemberAsync(connection, space.Kind, space.Id, user.UserId(), ct);
        if (access.Denied)
            return access.Problem!;
        var member = await MemberResponse.ReadAsync(connection, space.Id, userId, ct);
        return member is null ? MemberWrites.MemberNotFound() : TypedResults.Ok(member);
    }
}
