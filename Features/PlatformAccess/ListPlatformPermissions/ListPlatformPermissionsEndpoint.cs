using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.PlatformAccess.ListPlatformPermissions;

public sealed class ListPlatformPermissionsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPlatformAccessGroup().MapGet("", Handle)
            .WithName("ListPlatformPermissions")
            .WithSummary("Every platform permission with whether the user holds it, and why (users.manage).")
            .WithDescription("A permission is held through staff (`by_staff`: `is_staff` users hold every code) or a grant (`by_grant`).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<UserPlatformPermissions>, ProblemHttpResult>> Handle(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] long userId, PlatformCaller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.Has(PlatformPermissions.UsersManage))
            return Problems.Forbidden(PlatformPermissions.UsersManage);
        await using var connection = await db.OpenConnectionAsync(ct);
        var state = await UserPlatformPermissionsSql.ReadAsync(connection, userId, ct);
        return state is null ? UserPlatformPermissionsSql.UserNotFound() : TypedResults.Ok(state);
    }
}
