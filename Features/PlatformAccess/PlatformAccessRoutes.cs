using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Database;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.PlatformAccess;

/// <summary>Where the platform access slices hang: <c>/api/v1/users/{user_id}/platform-permissions</c>, for holders of <c>users.manage</c>.</summary>
public static class PlatformAccessRoutes
{
    public const string Tag = "Platform access";

    public static RouteGroupBuilder MapPlatformAccessGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/users/{user_id:long}/platform-permissions").WithTags(Tag).RequireAuthorization();
}

/// <summary>One platform permission of a user: held or not, and why.</summary>
public sealed record PlatformPermissionState(string Code, string Description, bool Granted, bool ByStaff, bool ByGrant,
    long? GrantedBy, DateTime? GrantedAt);

/// <summary>Every platform permission with what one user holds of it.</summary>
public sealed record UserPlatformPermissions(long UserId, bool IsStaff, IReadOnlyList<PlatformPermissionState> Permissions);

/// <summary>The read every platform access slice answers with.</summary>
public static class UserPlatformPermissionsSql
{
    private const string Sql = """
        select json_build_object(
            'user_id', u.id,
            'is_staff', u.is_staff,
            'permissions', (select json_agg(json_build_object(
                                'code', p.code, 'description', p.description,
                                'granted', u.is_staff or g.user_id is not null,
                                'by_staff', u.is_staff, 'by_grant', g.user_id is not null,
                                'granted_by', g.granted_by, 'granted_at', utc_iso(g.granted_at)) order by p.code)
                            from platform_permissions p
                            left join platform_grants g on g.user_id = u.id and g.permission = p.code))
        from users u
        where u.id = @userId
        """;

    public static Task<UserPlatformPermissions?> ReadAsync(NpgsqlConnection connection, long userId, CancellationToken ct,
        NpgsqlTransaction? transaction = null) =>
        connection.QueryJsonAsync<UserPlatformPermissions>(new CommandDefinition(Sql, new { userId }, transaction, cancellationToken: ct));

    public static ProblemHttpResult UserNotFound() => Problems.NotFound("user_not_found", "No user with this id.");

    public static ProblemHttpResult UnknownPermission(string code) =>
        Problems.NotFound("platform_permission_not_found", $"'{code}' is not a platform permission; they are: {string.Join(", ", PlatformPermissions.All)}.");
}
