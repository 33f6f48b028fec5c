using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.PlatformAccess.GrantPlatformPermission;

public sealed class GrantPlatformPermissionEndpoint : ICarterModule
{
    private const string Insert = """
        insert into platform_grants (user_id, permission, granted_by)
        select u.id, @code, @grantedBy from users u where u.id = @userId
        on conflict (user_id, permission) do nothing
        returning granted_at
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPlatformAccessGroup().MapPut("/{code}", Handle)
            .WithName("GrantPlatformPermission")
            .WithSummary("Grant a platform permission to a user (users.manage).")
            .WithDescription("Idempotent: granting a permission the user already has changes nothing. A new grant writes a "
                + "`platform_permission.granted` platform audit event in the same transaction. Unknown code: 404 `platform_permission_not_found`.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<UserPlatformPermissions>, ProblemHttpResult>> Handle(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] long userId, string code, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!caller.Has(PlatformPermissions.UsersManage))
            return Problems.Forbidden(PlatformPermissions.UsersManage);
        if (!PlatformPermissions.IsKnown(code))
            return UserPlatformPermissionsSql.UnknownPermission(code);

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var grantedAt = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(Insert,
            new { userId = userId, code, grantedBy = caller.Id }, transaction, cancellationToken: ct));
        if (grantedAt is not null)
            await PlatformAuditLog.WriteAsync(connection, transaction, AuditActor.From(http), "platform_permission.granted", "user", userId,
                null, new { UserId = userId, Permission = code }, ct);
        var state = await UserPlatformPermissionsSql.ReadAsync(connection, userId, ct, transaction);
        if (state is null)
            return UserPlatformPermissionsSql.UserNotFound();
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(state);
    }
}
