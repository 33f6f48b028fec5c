using System.Net;
using System.Text;
using Atrium.Api.Infrastructure.Jobs;
using Npgsql;

namespace Atrium.Api.Infrastructure.Mail;

/// <summary>A message to send: one recipient, a subject, a plain-text and an HTML body.</summary>
public sealed record OutgoingMail(string To, string Subject, string Text, string Html)
{
    public const string JobKind = "mail.send";

    /// <summary>
    /// A message from paragraphs of plain text; the HTML body carries the same paragraphs, encoded, and
    /// <paramref name="code"/> (when given) set large. Links are paragraphs that start with http(s).
    /// </summary>
    public static OutgoingMail FromParagraphs(string to, string subject, IReadOnlyList<string> paragraphs, string? code = null)
    {
        var text = string.Join("\n\n", paragraphs) + "\n";
        var html = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">");
        foreach (var paragraph in paragraphs)
        {
            var encoded = WebUtility.HtmlEncode(paragraph);
            if (code is not null && paragraph == code)
                html.Append("<p style=\"font-size:28px;font-weight:bold;letter-spacing:4px\">").Append(encoded).Append("</p>");
            else if (paragraph.StartsWith("http://", StringComparison.Ordinal) || paragraph.StartsWith("https://", StringComparison.Ordinal))
                html.Append("<p><a href=\"").Append(encoded).Append("\">").Append(encoded).Append("</a></p>");
            else
                html.Append("<p>").Append(encoded).Append("</p>");
        }
        html.Append("</body></html>");
        return new OutgoingMail(to, subject, text, html.ToString());
    }

    /// <summary>Queues the message in the caller's transaction; it is sent after commit by the worker.</summary>
    public Task<long> EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct) =>
        Outbox.EnqueueAsync(connection, transaction, JobKind, this, ct);
}
