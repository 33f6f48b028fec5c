using Atrium.Api.Features.Shop.Payments;
using Atrium.Api.Features.Shop.Rules;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Donations;

public sealed record DonationItemResponse(long? ProjectId, string ProjectName, long? CreatorId, decimal Amount);

/// <summary>A donation as its reader sees it; <c>total</c> is summed by PostgreSQL, <c>payment</c> is for staff.</summary>
public sealed record DonationResponse(long Id, long DonorId, string Currency, string? Message, decimal Total, IReadOnlyList<DonationItemResponse> Items,
    string PaymentStatus, PaymentDetails? Payment, DateTime? ArchivedAt, DateTime CreatedAt, DateTime UpdatedAt,
    IReadOnlyList<string> AllowedActions);

/// <summary>A donation as stored, before it is shaped for its reader.</summary>
public sealed record DonationRow(long Id, long DonorId, string Currency, string? Message, decimal Total, IReadOnlyList<DonationItemResponse> Items,
    PaymentDetails Payment, DateTime? ArchivedAt, DateTime CreatedAt, DateTime UpdatedAt)
{
    public DonationResponse For(PlatformCaller caller) => new(Id, DonorId, Currency, Message, Total, Items, Payment.Status,
        caller.IsStaff ? Payment : null, ArchivedAt, CreatedAt, UpdatedAt,
        ShopActions.For(caller.IsStaff, caller.Has(PlatformPermissions.DonationsDelete), ArchivedAt is not null));
}

/// <summary>The SQL and answers the donation slices share.</summary>
public static class DonationSql
{
    public const string Payments = "shop_donation_payments";

    /// <summary>One donation <c>d</c> as the JSON of a <see cref="DonationRow"/>.</summary>
    public static readonly string Json = $"""
        json_build_object(
            'id', d.id, 'donor_id', d.donor_id, 'currency', d.currency, 'message', d.message,
            'total', t.total, 'items', t.items,
            'payment', {PaymentSql.Json(Payments, "donation_id", "d")},
            'archived_at', utc_iso(d.archived_at), 'created_at', utc_iso(d.created_at), 'updated_at', utc_iso(d.updated_at))
        """;

    /// <summary>The items and their total of donation <c>d</c>, as <c>t.items</c> and <c>t.total</c>.</summary>
    public const string Totals = """
        cross join lateral (
            select sum(i.amount) as total,
                   json_agg(json_build_object('project_id', i.project_id, 'project_name', i.project_name,
                                              'creator_id', i.creator_id, 'amount', i.amount) order by i.id) as items
            from shop_donation_items i
            where i.donation_id = d.id) t
        """;

    private static readonly string Visible = $"""
        select {Json}
        from shop_donations d
        {Totals}
        where d.id = @Id and (d.donor_id = @UserId or @ViewAll)
        """;

    public static Task<DonationRow?> ReadVisibleAsync(NpgsqlConnection connection, long id, PlatformCaller caller, CancellationToken ct,
        NpgsqlTransaction? transaction = null) =>
        connection.QueryJsonAsync<DonationRow>(new CommandDefinition(Visible,
            new { Id = id, UserId = caller.Id, ViewAll = caller.Has(PlatformPermissions.DonationsViewAll) }, transaction, cancellationToken: ct));

    /// <summary>Locks the donation row for a change; null when the caller cannot see it.</summary>
    public static Task<long?> LockVisibleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, PlatformCaller caller,
        CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select id from shop_donations where id = @Id and (donor_id = @UserId or @ViewAll) for update",
            new { Id = id, UserId = caller.Id, ViewAll = caller.Has(PlatformPermissions.DonationsViewAll) }, transaction, cancellationToken: ct));

    public static ProblemHttpResult NotFound() => Problems.NotFound("donation_not_found", "No donation with this id is visible to you.");

    public static ProblemHttpResult Archived() => Problems.Conflict("donation_archived", "The donation is archived and can no longer change.");
}
