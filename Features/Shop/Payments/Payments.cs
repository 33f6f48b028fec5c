using Atrium.Api.Features.Shop.Rules;
using Atrium.Api.Infrastructure.Errors;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Payments;

/// <summary>Payment details of an order or a donation (1:1): staff only.</summary>
public sealed record PaymentDetails(string Status, string? Provider, string? Reference, DateTime? PaidAt, DateTime UpdatedAt);

/// <summary>The payment fields a staff change may carry: absent (null) stays, an empty text clears.</summary>
public interface IPaymentChange
{
    string? PaymentStatus { get; }
    string? PaymentProvider { get; }
    string? PaymentReference { get; }
    DateTimeOffset? PaidAt { get; }
}

public sealed class PaymentChangeValidator : AbstractValidator<IPaymentChange>
{
    public PaymentChangeValidator()
    {
        RuleFor(r => r.PaymentStatus).Must(s => s is null || PaymentStatuses.IsValid(s))
            .WithMessage($"'payment_status' must be one of: {string.Join(", ", PaymentStatuses.All)}.");
        RuleFor(r => r.PaymentProvider).Must(p => p is null || (p.Length <= 100 && !p.Contains('\0')))
            .WithMessage("'payment_provider' must be at most 100 characters (no NUL).");
        RuleFor(r => r.PaymentReference).Must(p => p is null || (p.Length <= 200 && !p.Contains('\0')))
            .WithMessage("'payment_reference' must be at most 200 characters (no NUL).");
        RuleFor(r => r.PaidAt).Must(t => t is null || t.Value.Year is >= 2000 and <= 9999)
            .WithMessage("'paid_at' must be a time in or after the year 2000.");
    }
}

/// <summary>The SQL of the payment tables (<c>shop_order_payments</c>, <c>shop_donation_payments</c>), which share one shape.</summary>
public static class PaymentSql
{
    /// <summary>The payment of record <c>@id</c> in <paramref name="table"/> keyed by <paramref name="key"/>, as JSON.</summary>
    public static string Json(string table, string key, string owner) => $"""
        (select json_build_object('status', p.status, 'provider', p.provider, 'reference', p.reference,
                                  'paid_at', utc_iso(p.paid_at), 'updated_at', utc_iso(p.updated_at))
         from {table} p where p.{key} = {owner}.id)
        """;

    private static string Update(string table, string key) => $"""
        update {table} p
        set status = @status,
            provider = case when @provider::text is null then p.provider else nullif(@provider, '') end,
            reference = case when @reference::text is null then p.reference else nullif(@reference, '') end,
            paid_at = case when @paidAt::timestamptz is not null then @paidAt::timestamptz
                           when @status in ('paid', 'refunded') then coalesce(p.paid_at, now())
                           else p.paid_at end
        where p.{key} = @id
        """;

    /// <summary>
    /// Applies <paramref name="change"/> to the payment of record <paramref name="id"/> whose status is <paramref name="current"/>;
    /// 409 <c>invalid_payment_transition</c> when the move is not allowed. <c>paid_at</c> defaults to now on payment.
    /// </summary>
    public static async Task<ProblemHttpResult?> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, string key,
        long id, string current, IPaymentChange change, CancellationToken ct)
    {
        var status = change.PaymentStatus ?? current;
        if (!PaymentStatuses.CanMove(current, status))
            return Problems.Conflict("invalid_payment_transition", $"A payment cannot move from {current} to {status}.");
        await connection.ExecuteAsync(new CommandDefinition(Update(table, key), new
        {
            id,
            status,
            provider = change.PaymentProvider,
            reference = change.PaymentReference,
            paidAt = change.PaidAt?.UtcDateTime,
        }, transaction, cancellationToken: ct));
        return null;
    }
}
