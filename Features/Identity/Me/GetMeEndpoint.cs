using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Identity.Me;

public sealed class GetMeEndpoint : ICarterModule
{
    private const string Sql = $"select {UserResponse.Columns} from users where id = @id";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMeGroup().MapGet("", Handle)
            .WithName("GetMe")
            .WithSummary("The caller's profile.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Handle(ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var me = await connection.QuerySingleOrDefaultAsync<UserResponse>(new CommandDefinition(Sql, new { id = user.UserId() }, cancellationToken: ct));
        return me is null ? Problems.NotFound("user_not_found", "The account no longer exists.") : TypedResults.Ok(me);
    }
}
