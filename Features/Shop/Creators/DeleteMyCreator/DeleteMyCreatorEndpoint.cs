using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Creators.DeleteMyCreator;

public sealed class DeleteMyCreatorEndpoint : ICarterModule
{
    private const string Delete = "delete from shop_creators where user_id = @userId";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapShopGroup("/creators", ShopRoutes.CreatorsTag).MapDelete("/me", Handle)
            .RequireAuthorization()
            .WithName("DeleteMyCreator")
            .WithSummary("Stop being a creator: the profile goes and the caller's projects leave the shop.")
            .WithDescription("Orders and donations already made keep their items and amounts.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(Delete, new { userId = user.UserId() }, cancellationToken: ct));
        return deleted == 0 ? CreatorSql.NoProfile() : TypedResults.NoContent();
    }
}
