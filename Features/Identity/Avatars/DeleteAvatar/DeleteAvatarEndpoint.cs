using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Identity.Avatars.DeleteAvatar;

public sealed class DeleteAvatarEndpoint : ICarterModule
{
    private const string Sql = "delete from user_avatars where user_id = @userId";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMeGroup().MapDelete("/avatar", Handle)
            .WithName("DeleteAvatar")
            .WithSummary("Remove the caller's profile picture (every size).")
            .WithDescription("204 whether or not there was one; afterwards `avatar_url` is null and `GET /users/{id}/avatar` finds no picture.");

    private static async Task<NoContent> Handle(ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(Sql, new { userId = user.UserId() }, cancellationToken: ct));
        return TypedResults.NoContent();
    }
}
