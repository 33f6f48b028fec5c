using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Identity.Me;

/// <summary>The caller's profile with the platform permissions they hold (all of them for staff).</summary>
public sealed record MeResponse(
    long Id,
    string Email,
    string? Username,
    string? Name,
    string? Position,
    DateOnly? BirthDate,
    DateTime? EmailConfirmedAt,
    bool IsStaff,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool EmailConfirmed,
    string Locale,
    bool TwoStepLogin,
    string[] PlatformPermissions);

public sealed class GetMeEndpoint : ICarterModule
{
    private const string Sql = $"""
        select {UserResponse.Columns} from users where id = @id;
        select p.code from user_platform_permissions p where p.user_id = @id order by p.code;
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMeGroup().MapGet("", Handle)
            .WithName("GetMe")
            .WithSummary("The caller's profile and platform permissions.")
            .WithDescription("`platform_permissions` lists the platform permission codes the caller holds: every code for staff, "
                + "else those granted by a holder of `users.manage`.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> Handle(ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var rows = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new { id = user.UserId() }, cancellationToken: ct));
        var me = await rows.ReadSingleOrDefaultAsync<UserResponse>();
        var codes = (await rows.ReadAsync<string>()).ToArray();
        return me is null
            ? UserResponse.NotFound()
            : TypedResults.Ok(new MeResponse(me.Id, me.Email, me.Username, me.Name, me.Position, me.BirthDate, me.EmailConfirmedAt,
                me.IsStaff, me.CreatedAt, me.UpdatedAt, me.EmailConfirmed, me.Locale, me.TwoStepLogin, codes));
    }
}
