using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.PlatformAccess.RevokePlatformPermission;

public sealed class RevokePlatformPermissionEndpoint : ICarterModule
{
    private const string Delete = """
        delete from platform_grants where user_id = @userId and permission = @code
        returning granted_by, granted_at
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPlatformAccessGroup().MapDelete("/{code}", Handle)
            .WithName("RevokePlatformPermission")
            .WithSummary("Revoke a platform permission granted to a user (users.manage).")
            .WithDescription("Idempotent; a removed grant writes a `platform_permission.revoked` platform audit event. Staff keep every "
                + "permission whatever their grants (`by_staff`); take staff away with the operators' command to remove them.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private sealed record Removed(long? GrantedBy, DateTime GrantedAt);

    private static async Task<Results<Ok<UserPlatformPermissions>, ProblemHttpResult>> Handle(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] long userId, string code, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.Has(PlatformPermissions.UsersManage))
            return Problems.Forbidden(PlatformPermissions.UsersManage);
        if (!PlatformPermissions.IsKnown(code))
            return UserPlatformPermissionsSql.UnknownPermission(code);

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var removed = await connection.QuerySingleOrDefaultAsync<Removed>(new CommandDefinition(Delete,
            new { userId = userId, code }, transaction, cancellationToken: ct));
        if (removed is not null)
            await PlatformAuditLog.WriteAsync(connection, transaction, AuditActor.From(http), "platform_permission.revoked", "user", userId,
                new { UserId = userId, Permission = code, removed.GrantedBy, removed.GrantedAt }, null, ct);
        var state = await UserPlatformPermissionsSql.ReadAsync(connection, userId, ct, transaction);
        if (state is null)
            return UserPlatformPermissionsSql.UserNotFound();
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(state);
    }
}
