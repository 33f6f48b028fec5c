using Atrium.Api.Infrastructure.Auth;
using Dapper;
using Npgsql;

namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>The platform permission codes (brief 003). Staff hold all of them; others hold what was granted to them.</summary>
public static class PlatformPermissions
{
    public const string CategoriesManage = "categories.manage";
    public const string OrdersViewAll = "orders.view_all";
    public const string OrdersDelete = "orders.delete";
    public const string DonationsViewAll = "donations.view_all";
    public const string DonationsDelete = "donations.delete";
    public const string UsersManage = "users.manage";

    public static readonly IReadOnlyList<string> All =
        [CategoriesManage, OrdersViewAll, OrdersDelete, DonationsViewAll, DonationsDelete, UsersManage];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}

/// <summary>
/// The caller with their platform permissions (view <c>user_platform_permissions</c>, the one definition),
/// bound before the handler runs. An anonymous caller has no id, is not staff and holds nothing.
/// </summary>
public sealed record PlatformCaller(long? UserId, bool IsStaff, IReadOnlySet<string> Permissions)
{
    private const string Sql = """
        select u.is_staff,
               array(select p.code from user_platform_permissions p where p.user_id = u.id order by p.code) as permissions
        from users u
        where u.id = @userId
        """;

    public static readonly PlatformCaller Anonymous = new(null, false, new HashSet<string>());

    public bool Has(string permission) => Permissions.Contains(permission);

    /// <summary>The signed-in caller's id (the route requires authentication).</summary>
    public long Id => UserId ?? throw new InvalidOperationException("The route must require authentication.");

    public static async ValueTask<PlatformCaller?> BindAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true)
            return Anonymous;
        var userId = http.User.UserId();
        var db = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { userId }, cancellationToken: http.RequestAborted));
        return row is null
            ? new PlatformCaller(userId, false, new HashSet<string>())
            : new PlatformCaller(userId, row.IsStaff, row.Permissions.ToHashSet(StringComparer.Ordinal));
    }

    private sealed class Row
    {
        public bool IsStaff { get; init; }
        public string[] Permissions { get; init; } = [];
    }
}
