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
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] long userId,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var member = await MemberResponse.ReadAsync(connection, caller.SpaceId, userId, ct);
        return member is null ? SpaceProblems.MemberNotFound() : TypedResults.Ok(member);
    }
}
