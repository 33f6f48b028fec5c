using Atrium.Api.Features.Shop.Ledgers;
using Atrium.Api.Features.Shop.Payments;
using Atrium.Api.Features.Shop.Rules;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Shop.Donations;

public sealed record DonationItemResponse(long? ProjectId, string ProjectName, long? CreatorId, decimal Amount);

/// <summary>A donation as its reader sees it; <c>total</c> is summed by PostgreSQL, <c>payment</c> is for staff.</summary>
public sealed record DonationResponse(long Id, long DonorId, string Currency, string? Message, decimal Total, IReadOnlyList<DonationItemResponse> Items,
    [property: OneOf(typeof(PaymentStatuses), nameof(PaymentStatuses.All))] string PaymentStatus, PaymentDetails? Payment, DateTime? ArchivedAt, DateTime CreatedAt, DateTime UpdatedAt,
    IReadOnlyList<string> AllowedActions);

/// <summary>A donation as stored (<see cref="ShopLedgers.Donations"/>), before it is shaped for its reader.</summary>
public sealed record DonationRow(long Id, long DonorId, string Currency, string? Message, decimal Total, IReadOnlyList<DonationItemResponse> Items,
    PaymentDetails Payment, DateTime? ArchivedAt, DateTime CreatedAt, DateTime UpdatedAt) : ILedgerRow<DonationResponse>
{
    public DonationResponse For(PlatformCaller caller) => new(Id, DonorId, Currency, Message, Total, Items, Payment.Status,
        caller.IsStaff ? Payment : null, ArchivedAt, CreatedAt, UpdatedAt,
        ShopActions.For(caller.IsStaff, caller.Has(PlatformPermissions.DonationsDelete), ArchivedAt is not null));
}
