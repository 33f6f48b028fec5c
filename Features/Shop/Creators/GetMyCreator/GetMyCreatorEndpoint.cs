using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Creators.GetMyCreator;

public sealed class GetMyCreatorEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapShopGroup("/creators", ShopRoutes.CreatorsTag).MapGet("/me", Handle)
            .RequireAuthorization()
            .WithName("GetMyCreator")
            .WithSummary("The caller's creator profile.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<CreatorResponse>, ProblemHttpResult>> Handle(ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var creator = await connection.QuerySingleOrDefaultAsync<CreatorResponse>(new CommandDefinition(CreatorSql.Mine,
            new { userId = user.UserId() }, cancellationToken: ct));
        return creator is null ? CreatorSql.NoProfile() : TypedResults.Ok(creator);
    }
}
