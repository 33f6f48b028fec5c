using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.OpenApi;
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
                .WithETag(ifNoneMatch: true)
                .WithSummary("Read a space.")
                .WithDescription("Members read any space of theirs; any signed-in user reads a public one (`role` null). "
                    + "A private space is 404 to non-members. The strong `ETag` names the space's version, its member count and the "
                    + "caller's role; PATCH, PUT, DELETE and transfer-ownership compare it with `If-Match`, and a matching "
                    + "`If-None-Match` is answered 304.")
                .Produces(StatusCodes.Status304NotModified)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<SpaceResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        ViewerOfSpace space, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var read = (await SpaceResponse.ReadVersionedAsync(connection, space.Id, user.UserId(), ct))!;
        return Preconditions.NotModified(http, read.ETag())
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(read.Value);
    }
}
