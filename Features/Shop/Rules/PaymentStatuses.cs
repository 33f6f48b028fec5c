namespace Atrium.Api.Features.Shop.Rules;

/// <summary>
/// The life of a payment: pending → paid | failed; failed → pending | paid (a retry); paid → refunded;
/// refunded is final. Staying in the same status is always allowed (the other details may change).
/// </summary>
public static class PaymentStatuses
{
    public const string Pending = "pending";
    public const string Paid = "paid";
    public const string Failed = "failed";
    public const string Refunded = "refunded";

    public static readonly IReadOnlyList<string> All = [Pending, Paid, Failed, Refunded];

    public static bool IsValid(string? status) => status is Pending or Paid or Failed or Refunded;

    public static bool CanMove(string from, string to) => from == to || (from, to) switch
    {
        (Pending, Paid) or (Pending, Failed) => true,
        (Failed, Pending) or (Failed, Paid) => true,
        (Paid, Refunded) => true,
        _ => false,
    };
}
