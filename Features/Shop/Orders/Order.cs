using Atrium.Api.Features.Shop.Payments;
using Atrium.Api.Features.Shop.Rules;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Orders;

public sealed record OrderItemResponse(long? ProjectId, string ProjectName, long? CreatorId, decimal Price);

/// <summary>
/// An order as its reader sees it. <c>total</c> is the sum of the items' prices, computed by PostgreSQL.
/// <c>payment</c> (provider, reference, times) is for staff; everyone who sees the order sees <c>payment_status</c>.
/// </summary>
public sealed record OrderResponse(long Id, long BuyerId, string Currency, string? Note, decimal Total, IReadOnlyList<OrderItemResponse> Items,
    string PaymentStatus, PaymentDetails? Payment, DateTime? ArchivedAt, DateTime CreatedAt, DateTime UpdatedAt,
    IReadOnlyList<string> AllowedActions);

/// <summary>An order as stored, before it is shaped for its reader.</summary>
public sealed record OrderRow(long Id, long BuyerId, string Currency, string? Note, decimal Total, IReadOnlyList<OrderItemResponse> Items,
    PaymentDetails Payment, DateTime? ArchivedAt, DateTime CreatedAt, DateTime UpdatedAt)
{
    public OrderResponse For(PlatformCaller caller) => new(Id, BuyerId, Currency, Note, Total, Items, Payment.Status,
        caller.IsStaff ? Payment : null, ArchivedAt, CreatedAt, UpdatedAt,
        ShopActions.For(caller.IsStaff, caller.Has(PlatformPermissions.OrdersDelete), ArchivedAt is not null));
}

/// <summary>The SQL and answers the order slices share.</summary>
public static class OrderSql
{
    /// <summary>One order <c>o</c> as the JSON of an <see cref="OrderRow"/>; the total is an aggregate over the items.</summary>
    public static readonly string Json = $"""
        json_build_object(
            'id', o.id, 'buyer_id', o.buyer_id, 'currency', o.currency, 'note', o.note,
            'total', t.total, 'items', t.items,
            'payment', {PaymentSql.Json(Payments, "order_id", "o")},
            'archived_at', utc_iso(o.archived_at), 'created_at', utc_iso(o.created_at), 'updated_at', utc_iso(o.updated_at))
        """;

    public const string Payments = "shop_order_payments";

    /// <summary>The items and their total of order <c>o</c>, as <c>t.items</c> and <c>t.total</c>.</summary>
    public const string Totals = """
        cross join lateral (
            select sum(i.price) as total,
                   json_agg(json_build_object('project_id', i.project_id, 'project_name', i.project_name,
                                              'creator_id', i.creator_id, 'price', i.price) order by i.id) as items
            from shop_order_items i
            where i.order_id = o.id) t
        """;

    /// <summary>The order <c>@Id</c> when the caller may see it: their own, or any with <c>orders.view_all</c>.</summary>
    private static readonly string Visible = $"""
        select {Json}
        from shop_orders o
        {Totals}
        where o.id = @Id and (o.buyer_id = @UserId or @ViewAll)
        """;

    public static Task<OrderRow?> ReadVisibleAsync(NpgsqlConnection connection, long id, PlatformCaller caller, CancellationToken ct,
        NpgsqlTransaction? transaction = null) =>
        connection.QueryJsonAsync<OrderRow>(new CommandDefinition(Visible,
            new { Id = id, UserId = caller.Id, ViewAll = caller.Has(PlatformPermissions.OrdersViewAll) }, transaction, cancellationToken: ct));

    /// <summary>Locks the order row for a change; null when the caller cannot see it.</summary>
    public static Task<long?> LockVisibleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, PlatformCaller caller,
        CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select id from shop_orders where id = @Id and (buyer_id = @UserId or @ViewAll) for update",
            new { Id = id, UserId = caller.Id, ViewAll = caller.Has(PlatformPermissions.OrdersViewAll) }, transaction, cancellationToken: ct));

    public static ProblemHttpResult NotFound() => Problems.NotFound("order_not_found", "No order with this id is visible to you.");

    public static ProblemHttpResult Archived() => Problems.Conflict("order_archived", "The order is archived and can no longer change.");
}
