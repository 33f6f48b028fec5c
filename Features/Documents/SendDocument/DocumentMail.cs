using Atrium.Api.Infrastructure.Mail;

namespace Atrium.Api.Features.Documents.SendDocument;

/// <summary>The "you received a document" message, in the recipient's language.</summary>
public static class DocumentMail
{
    public static OutgoingMail Received(string to, string locale, DocumentResponse document, string? note, string publicUrl)
    {
        var link = $"{publicUrl.TrimEnd('/')}/documents/{document.Id}";
        return locale == Locales.Russian
            ? OutgoingMail.FromParagraphs(to, $"Вам поступил документ: {document.Title}",
                ["Вам направлен документ «" + document.Title + "».", .. Note("Комментарий", note), link])
            : OutgoingMail.FromParagraphs(to, $"You received a document: {document.Title}",
                ["The document \"" + document.Title + "\" was sent to you.", .. Note("Note", note), link]);
    }

    private static IEnumerable<string> Note(string label, string? note) => note is null ? [] : [$"{label}: {note}"];
}
