using System.ComponentModel.DataAnnotations;

namespace Atrium.Api.Infrastructure.Mail;

/// <summary>How the service sends mail (section <c>Mail</c>).</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>SMTP server. Empty: messages are written as <c>.eml</c> files to <see cref="PickupFolder"/>.</summary>
    public string Host { get; set; } = "";

    [Range(1, 65535)] public int Port { get; set; } = 25;

    /// <summary><c>none</c>, <c>starttls</c> (required), <c>starttls_when_available</c>, <c>ssl</c> (TLS from the first byte) or <c>auto</c> (by port).</summary>
    [RegularExpression("^(none|starttls|starttls_when_available|ssl|auto)$")]
    public string Tls { get; set; } = "auto";

    /// <summary>SMTP user; empty means no authentication.</summary>
    public string User { get; set; } = "";

    public string Password { get; set; } = "";

    [Required] public string From { get; set; } = "Atrium <no-reply@atrium.local>";

    /// <summary>Where <c>.eml</c> files go when no host is set (relative to the working folder).</summary>
    [Required] public string PickupFolder { get; set; } = ".local/mail";

    [Range(1, 600)] public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The address of the web front end; links in mail point under it (<c>/confirm-email?token=…</c>).</summary>
    [Required, Url] public string PublicUrl { get; set; } = "http://127.0.0.1:5080";
}
