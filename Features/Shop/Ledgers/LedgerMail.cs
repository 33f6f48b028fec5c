using System.Globalization;
using Atrium.Api.Infrastructure.Mail;
using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Shop.Ledgers;

/// <summary>What happened to an order or a donation, for its mail.</summary>
public enum LedgerEvent { Created, Changed, Archived }

/// <summary>
/// The mail of orders and donations (brief 003: a mail on every order saved), queued through the outbox in the
/// transaction of the change: to the buyer or donor, and to each creator whose projects it names, with their
/// projects only. English or Russian by the recipient's <c>locale</c>.
/// </summary>
public static class LedgerMail
{
    private sealed record Recipient(string Email, string Locale, bool IsOwner, string Projects, decimal Total, string Currency, string Status);

    private static string RecipientsSql(Ledger ledger) => $"""
        with r as (
            select r.id, r.{ledger.Owner} as owner_id, r.currency, p.status,
                   (select sum(i.{ledger.Value}) from {ledger.ItemsTable} i where i.{ledger.Key} = r.id) as total
            from {ledger.Table} r join {ledger.PaymentsTable} p on p.{ledger.Key} = r.id
            where r.id = @id)
        select u.email, u.locale, true as is_owner,
               (select string_agg(i.project_name, ', ' order by i.id) from {ledger.ItemsTable} i where i.{ledger.Key} = r.id) as projects,
               r.total, r.currency, r.status
        from r join users u on u.id = r.owner_id
        union all
        select u.email, u.locale, false, string_agg(i.project_name, ', ' order by i.id),
               sum(i.{ledger.Value}), r.currency, r.status
        from r
        join {ledger.ItemsTable} i on i.{ledger.Key} = r.id
        join shop_creators c on c.id = i.creator_id
        join users u on u.id = c.user_id
        group by u.email, u.locale, r.currency, r.status
        """;

    public static async Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Ledger ledger, long id, LedgerEvent what,
        CancellationToken ct)
    {
        var recipients = await connection.QueryAsync<Recipient>(new CommandDefinition(RecipientsSql(ledger), new { id }, transaction, cancellationToken: ct));
        foreach (var recipient in recipients)
            await Message(ledger.Noun, id, what, recipient).EnqueueAsync(connection, transaction, ct);
    }

    private static OutgoingMail Message(string noun, long id, LedgerEvent what, Recipient to)
    {
        var amount = to.Total.ToString("0.00", CultureInfo.InvariantCulture) + " " + to.Currency;
        if (to.Locale == Locales.Russian)
        {
            var name = noun == "order" ? $"Заказ №{id}" : $"Пожертвование №{id}";
            var order = noun == "order";
            var happened = what switch
            {
                LedgerEvent.Created => order ? "оформлен" : "получено",
                LedgerEvent.Changed => order ? "изменён" : "изменено",
                _ => order ? "перенесён в архив" : "перенесено в архив",
            };
            return OutgoingMail.FromParagraphs(to.Email, $"{name} {happened}",
                to.IsOwner
                    ? [$"{name} {happened}.", $"Проекты: {to.Projects}.", $"Сумма: {amount}. Оплата: {to.Status}.", "— Atrium"]
                    : [$"{name} {happened}; ваши проекты в нём: {to.Projects}.", $"Ваша часть: {amount}. Оплата: {to.Status}.", "— Atrium"]);
        }
        var title = noun == "order" ? $"Order #{id}" : $"Donation #{id}";
        var verb = what switch { LedgerEvent.Created => "was placed", LedgerEvent.Changed => "was updated", _ => "was archived" };
        return OutgoingMail.FromParagraphs(to.Email, $"{title} {verb}",
            to.IsOwner
                ? [$"{title} {verb}.", $"Projects: {to.Projects}.", $"Total: {amount}. Payment: {to.Status}.", "— Atrium"]
                : [$"{title} {verb}; it names your projects: {to.Projects}.", $"Your part: {amount}. Payment: {to.Status}.", "— Atrium"]);
    }
}
