using System.Globalization;
using System.Text;

namespace Atrium.Api.Features.Documents.Rules;

/// <summary>
/// The canonical statement a signature covers: the organization, the document, the version and its SHA-256,
/// the signer and the time (UTC, microseconds, as PostgreSQL stores it). One line per field, fixed order, ASCII.
/// </summary>
public static class SignatureStatement
{
    public static byte[] Build(long organizationId, long documentId, int version, ReadOnlySpan<byte> sha256, long signerId, DateTime signedAtUtc) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"atrium-document-signature/v1\norganization:{organizationId}\ndocument:{documentId}\nversion:{version}\n"
            + $"sha256:{Convert.ToHexStringLower(sha256)}\nsigner:{signerId}\nsigned_at:{Truncate(signedAtUtc):yyyy-MM-ddTHH:mm:ss.ffffffZ}"));

    /// <summary>The time as PostgreSQL keeps it (microseconds), so a statement rebuilt from the stored row is the one signed.</summary>
    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
}
