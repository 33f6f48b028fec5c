using System.Text.RegularExpressions;
using MimeKit;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>Reading what a person reads in a message: the 6-digit code, the token of a link.</summary>
public static partial class MailReading
{
    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex Code();

    [GeneratedRegex(@"token=([A-Za-z0-9_-]+)")]
    private static partial Regex Token();

    public static string CodeOf(MimeMessage message) => Code().Match(message.TextBody ?? "").Groups[1].Value;

    public static string TokenOf(MimeMessage message) => Token().Match(message.TextBody ?? "").Groups[1].Value;
}
