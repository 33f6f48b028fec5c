using Atrium.Api.Features.Shop.Listings;
using Atrium.Api.Features.Shop.Payments;
using Atrium.Api.Features.Shop.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Ledgers;

/// <summary>A stored order or donation, before it is shaped for its reader.</summary>
public interface ILedgerRow<out TResponse>
{
    long Id { get; }
    PaymentDetails Payment { get; }
    DateTime? ArchivedAt { get; }

    /// <summary>The record as <paramref name="caller"/> may see it: payment details for staff, and <c>allowed_actions</c>.</summary>
    TResponse For(PlatformCaller caller);
}

/// <summary>
/// Orders and donations are one pattern (brief 003): a record of a user with items per project in one currency, payment
/// details 1:1, a total summed over the items, staff-only details, staff changes, archive with a permission. A ledger names
/// the tables and columns of one of them; the SQL below is built from these constants only, never from client text.
/// </summary>
public sealed class Ledger
{
    /// <summary>"order" or "donation": problem codes (<c>order_not_found</c>) and audit actions (<c>order.updated</c>).</summary>
    public required string Noun { get; init; }
    public required string Table { get; init; }
    public required string ItemsTable { get; init; }
    public required string PaymentsTable { get; init; }
    /// <summary>The items' and payment's column naming the record (<c>order_id</c>).</summary>
    public required string Key { get; init; }
    /// <summary>The user whose record it is (<c>buyer_id</c>, <c>donor_id</c>).</summary>
    public required string Owner { get; init; }
    /// <summary>The free text of the record (<c>note</c>, <c>message</c>).</summary>
    public required string Text { get; init; }
    /// <summary>The money of an item (<c>price</c>, <c>amount</c>).</summary>
    public required string Value { get; init; }
    public required string ViewAll { get; init; }
    public required string Delete { get; init; }

    /// <summary>Record <c>r</c> as JSON, with its items and total from <see cref="Totals"/>.</summary>
    public string Json => $"""
        json_build_object(
            'id', r.id, '{Owner}', r.{Owner}, 'currency', r.currency, '{Text}', r.{Text},
            'total', t.total, 'items', t.items,
            'payment', {PaymentSql.Json(PaymentsTable, Key, "r")},
            'archived_at', utc_iso(r.archived_at), 'created_at', utc_iso(r.created_at), 'updated_at', utc_iso(r.updated_at))
        """;

    /// <summary>The items of record <c>r</c> and their total, summed by PostgreSQL, as <c>t.items</c> and <c>t.total</c>.</summary>
    public string Totals => $"""
        cross join lateral (
            select sum(i.{Value}) as total,
                   json_agg(json_build_object('project_id', i.project_id, 'project_name', i.project_name,
                                              'creator_id', i.creator_id, '{Value}', i.{Value}) order by i.id) as items
            from {ItemsTable} i
            where i.{Key} = r.id) t
        """;

    private string Visible => $"select {Json} from {Table} r {Totals} where r.id = @id and (r.{Owner} = @userId or @viewAll)";

    private string Lock => $"select id from {Table} where id = @id and ({Owner} = @userId or @viewAll) for update";

    private string Insert => $"""
        with r as (
            insert into {Table} ({Owner}, currency, {Text}) values (@ownerId, @currency, @text)
            returning id, currency
        ), items as (
            insert into {ItemsTable} ({Key}, currency, project_id, creator_id, project_name, {Value})
            select r.id, r.currency, i.project_id, i.creator_id, i.project_name, i.value
            from r, unnest(@projectIds, @creatorIds, @names, @values) as i (project_id, creator_id, project_name, value)
        ), payment as (
            insert into {PaymentsTable} ({Key}) select id from r
        )
        select id from r
        """;

    private string ChangeText => $"update {Table} r set {Text} = case when @text::text is null then r.{Text} else nullif(@text, '') end where r.id = @id";

    private string Archive => $"update {Table} set archived_at = now(), archived_by = @userId where id = @id and archived_at is null";

    private object Who(long id, PlatformCaller caller) => new { id, userId = caller.Id, viewAll = caller.Has(ViewAll) };

    public ProblemHttpResult NotFound() => Problems.NotFound($"{Noun}_not_found", $"No {Noun} with this id is visible to you.");

    public ProblemHttpResult Archived() => Problems.Conflict($"{Noun}_archived", $"The {Noun} is archived and can no longer change.");

    /// <summary>The record when the caller may see it: their own, or any with the view-all permission.</summary>
    public Task<TRow?> ReadVisibleAsync<TRow>(NpgsqlConnection connection, long id, PlatformCaller caller, CancellationToken ct,
        NpgsqlTransaction? transaction = null) =>
        connection.QueryJsonAsync<TRow>(new CommandDefinition(Visible, Who(id, caller), transaction, cancellationToken: ct));

    /// <summary>Writes the record, its items and its pending payment in the caller's transaction, with a <c>{noun}.created</c> audit event.</summary>
    public async Task<TRow> CreateAsync<TRow>(NpgsqlConnection connection, NpgsqlTransaction transaction, PlatformCaller caller, HttpContext http,
        string currency, string? text, IReadOnlyList<AvailableProject> projects, IEnumerable<decimal> values, CancellationToken ct)
    {
        var id = await connection.QuerySingleAsync<long>(new CommandDefinition(Insert, new
        {
            ownerId = caller.Id,
            currency,
            text = string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
            projectIds = projects.Select(p => p.ProjectId).ToArray(),
            creatorIds = projects.Select(p => p.CreatorId).ToArray(),
            names = projects.Select(p => p.ProjectName).ToArray(),
            values = values.ToArray(),
        }, transaction, cancellationToken: ct));
        var created = (await ReadVisibleAsync<TRow>(connection, id, caller, ct, transaction))!;
        await PlatformAuditLog.WriteAsync(connection, transaction, AuditActor.From(http), $"{Noun}.created", Noun, id, null, created, ct);
        await LedgerMail.EnqueueAsync(connection, transaction, this, id, LedgerEvent.Created, ct);
        return created;
    }

    /// <summary>GET one: 404 unless the caller's own or the caller holds the view-all permission.</summary>
    public async Task<Results<Ok<TResponse>, ProblemHttpResult>> GetAsync<TRow, TResponse>(long id, PlatformCaller caller, NpgsqlDataSource db,
        CancellationToken ct) where TRow : ILedgerRow<TResponse>
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await ReadVisibleAsync<TRow>(connection, id, caller, ct);
        return row is null ? NotFound() : TypedResults.Ok(row.For(caller));
    }

    /// <summary>
    /// The list: the caller's own by default, everyone's (<paramref name="scope"/> <c>all</c>, the default with the view-all
    /// permission) or one owner's; archived records left out; newest first.
    /// </summary>
    public async Task<Results<Ok<Paged<TResponse>>, ProblemHttpResult>> ListAsync<TRow, TResponse>(PageQuery paging, string? scope,
        string? paymentStatus, long? ownerId, PlatformCaller caller, NpgsqlDataSource db, CancellationToken ct) where TRow : ILedgerRow<TResponse>
    {
        if (paging.Check() is { } invalid)
            return invalid;
        var viewAll = caller.Has(ViewAll);
        var all = (scope ?? (viewAll ? "all" : "mine")) == "all";
        if ((all || (ownerId is { } other && other != caller.Id)) && !viewAll)
            return Problems.Forbidden(ViewAll, $"Seeing other people's {Noun}s needs '{ViewAll}'.");

        var where = new List<string> { "r.archived_at is null" };
        var parameters = new DynamicParameters();
        if (!all)
        {
            where.Add($"r.{Owner} = @me");
            parameters.Add("me", caller.Id);
        }
        if (ownerId is { } owner)
        {
            where.Add($"r.{Owner} = @ownerId");
            parameters.Add("ownerId", owner);
        }
        if (paymentStatus is { } status)
        {
            where.Add($"exists (select 1 from {PaymentsTable} p where p.{Key} = r.id and p.status = @status)");
            parameters.Add("status", status);
        }
        // two statements: the exact count on the partial index of live records, then a page read in index order with
        // the items, total and payment of its rows only (a materialised list of every match costs seconds at 1M)
        var sql = PageSql.Rows($"{Table} r {Totals}", Json, where, "r.created_at desc, r.id desc", countFrom: $"{Table} r");
        await using var connection = await db.OpenConnectionAsync(ct);
        var page = (await connection.ReadRowsAsync<string>(paging, sql, parameters, ct)).Map(json => JsonRows.Parse<TRow>(json)!);
        return TypedResults.Ok(page.Map(row => row.For(caller)));
    }

    /// <summary>A staff change of the record's text and its payment details, together, with a <c>{noun}.updated</c> audit event.</summary>
    public async Task<Results<Ok<TResponse>, ProblemHttpResult>> UpdateAsync<TRow, TResponse>(long id, string? text, IPaymentChange payment,
        PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct) where TRow : ILedgerRow<TResponse>
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(Lock, Who(id, caller), transaction, cancellationToken: ct)) is null)
            return NotFound();
        if (!caller.IsStaff)
            return Problems.ForbiddenBy("staff_only", $"Only staff change {Noun}s and their payment details.");
        var before = (await ReadVisibleAsync<TRow>(connection, id, caller, ct, transaction))!;
        if (before.ArchivedAt is not null)
            return Archived();
        await connection.ExecuteAsync(new CommandDefinition(ChangeText, new { id, text }, transaction, cancellationToken: ct));
        if (await PaymentSql.ApplyAsync(connection, transaction, PaymentsTable, Key, id, before.Payment.Status, payment, ct) is { } refused)
            return refused;
        var after = (await ReadVisibleAsync<TRow>(connection, id, caller, ct, transaction))!;
        await PlatformAuditLog.WriteAsync(connection, transaction, AuditActor.From(http), $"{Noun}.updated", Noun, id, before, after, ct);
        await LedgerMail.EnqueueAsync(connection, transaction, this, id, LedgerEvent.Changed, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(after.For(caller));
    }

    /// <summary>Archive: 404 when not visible, 403 without the delete permission, 409 when already archived.</summary>
    public async Task<Results<Ok<TResponse>, ProblemHttpResult>> ArchiveAsync<TRow, TResponse>(long id, PlatformCaller caller, HttpContext http,
        NpgsqlDataSource db, CancellationToken ct) where TRow : ILedgerRow<TResponse>
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(Lock, Who(id, caller), transaction, cancellationToken: ct)) is null)
            return NotFound();
        if (!caller.Has(Delete))
            return Problems.Forbidden(Delete);
        if (await connection.ExecuteAsync(new CommandDefinition(Archive, new { id, userId = caller.Id }, transaction, cancellationToken: ct)) == 0)
            return Archived();
        var row = (await ReadVisibleAsync<TRow>(connection, id, caller, ct, transaction))!;
        await PlatformAuditLog.WriteAsync(connection, transaction, AuditActor.From(http), $"{Noun}.archived", Noun, id, null, new { row.ArchivedAt }, ct);
        await LedgerMail.EnqueueAsync(connection, transaction, this, id, LedgerEvent.Archived, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(row.For(caller));
    }
}

/// <summary>The two ledgers of the shop.</summary>
public static class ShopLedgers
{
    public static readonly Ledger Orders = new()
    {
        Noun = "order", Table = "shop_orders", ItemsTable = "shop_order_items", PaymentsTable = "shop_order_payments",
        Key = "order_id", Owner = "buyer_id", Text = "note", Value = "price",
        ViewAll = PlatformPermissions.OrdersViewAll, Delete = PlatformPermissions.OrdersDelete,
    };

    public static readonly Ledger Donations = new()
    {
        Noun = "donation", Table = "shop_donations", ItemsTable = "shop_donation_items", PaymentsTable = "shop_donation_payments",
        Key = "donation_id", Owner = "donor_id", Text = "message", Value = "amount",
        ViewAll = PlatformPermissions.DonationsViewAll, Delete = PlatformPermissions.DonationsDelete,
    };
}

/// <summary>The shape rules the order and donation slices share.</summary>
public static class LedgerValidation
{
    /// <summary><c>scope</c> of a list: <c>mine</c> or <c>all</c>.</summary>
    public static IRuleBuilderOptions<T, string?> Scope<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null or "mine" or "all").WithMessage("'scope' must be mine or all.");

    public static IRuleBuilderOptions<T, string?> PaymentStatus<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || PaymentStatuses.IsValid(s))
            .WithMessage($"'payment_status' must be one of: {string.Join(", ", PaymentStatuses.All)}.");

    /// <summary>The free text of a record (<c>note</c>, <c>message</c>): at most 2000 characters, no NUL.</summary>
    public static IRuleBuilderOptions<T, string?> LedgerText<T>(this IRuleBuilder<T, string?> rule, string field) =>
        rule.Must(n => n is null || (n.Length <= 2000 && !n.Contains('\0'))).WithMessage($"'{field}' must be at most 2000 characters (no NUL).");
}
