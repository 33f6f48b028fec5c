using Atrium.Api.Features.Shop.Ledgers;
using Atrium.Api.Features.Shop.Payments;
using Atrium.Api.Features.Shop.Rules;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Shop.Orders;

public sealed record OrderItemResponse(long? ProjectId, string ProjectName, long? CreatorId, decimal Price);

/// <summary>
/// An order as its reader sees it. <c>total</c> is the sum of the items' prices, computed by PostgreSQL.
/// <c>payment</c> (provider, reference, times) is for staff; everyone who sees the order sees <c>payment_status</c>.
/// </summary>
public sealed record OrderResponse(long Id, long BuyerId, string Currency, string? Note, decimal Total, IReadOnlyList<OrderItemResponse> Items,
    [property: OneOf(typeof(PaymentStatuses), nameof(PaymentStatuses.All))] string PaymentStatus, PaymentDetails? Payment, DateTime? ArchivedAt, DateTime CreatedAt, DateTime UpdatedAt,
    IReadOnlyList<string> AllowedActions);

/// <summary>An order as stored (<see cref="ShopLedgers.Orders"/>), before it is shaped for its reader.</summary>
public sealed record OrderRow(long Id, long BuyerId, string Currency, string? Note, decimal Total, IReadOnlyList<OrderItemResponse> Items,
    PaymentDetails Payment, DateTime? ArchivedAt, DateTime CreatedAt, DateTime UpdatedAt) : ILedgerRow<OrderResponse>
{
    public OrderResponse For(PlatformCaller caller) => new(Id, BuyerId, Currency, Note, Total, Items, Payment.Status,
        caller.IsStaff ? Payment : null, ArchivedAt, CreatedAt, UpdatedAt,
        ShopActions.For(caller.IsStaff, caller.Has(PlatformPermissions.OrdersDelete), ArchivedAt is not null));
}
