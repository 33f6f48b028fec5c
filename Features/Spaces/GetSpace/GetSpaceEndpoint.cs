using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.GetSpace;

public sealed class GetSpaceEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapGet("", Handle)
                .WithName(SpacesRoutes.Name(kind, "Get"))
                .WithSummary("Read a space.")
                .WithDescription("Members read any space of theirs; any signed-in user reads a public one (`role` null). "
                    + "A private space is 404 to non-members.")
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<SpaceResponse>, ProblemHttpResult>> Handle(
        ViewerOfSpace space, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok((await SpaceResponse.ReadAsync(connection, space.Id, user.UserId(), ct))!);
    }
}
