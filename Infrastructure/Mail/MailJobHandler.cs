using System.Text.Json;
using Atrium.Api.Infrastructure.Jobs;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Atrium.Api.Infrastructure.Mail;

/// <summary>
/// Sends an <see cref="OutgoingMail"/> job over SMTP (MailKit), or writes it as <c>{job id}.eml</c> when no
/// host is set. Idempotent as far as mail can be: the Message-Id is made from the job id, so a message sent
/// twice (a worker died between sending and recording it) is one message to clients that deduplicate, and a
/// file is overwritten, not doubled.
/// </summary>
public sealed class MailJobHandler(IOptions<MailOptions> options, IHostEnvironment environment) : IJobHandler
{
    public string Kind => OutgoingMail.JobKind;

    public async Task RunAsync(Job job, CancellationToken ct)
    {
        var mail = JsonSerializer.Deserialize<OutgoingMail>(job.Payload, JobJson.Options)
            ?? throw new InvalidOperationException("Empty mail payload.");
        var message = Build(mail, job.Id);
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Host))
        {
            var folder = Path.GetFullPath(o.PickupFolder, environment.ContentRootPath);
            Directory.CreateDirectory(folder);
            await message.WriteToAsync(Path.Combine(folder, $"{job.Id}.eml"), ct);
            return;
        }

        using var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        await client.ConnectAsync(o.Host, o.Port, TlsOf(o.Tls), ct);
        if (!string.IsNullOrEmpty(o.User))
            await client.AuthenticateAsync(o.User, o.Password, ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }

    public MimeMessage Build(OutgoingMail mail, long jobId)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.MessageId = $"job-{jobId}@atrium";
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();
        return message;
    }

    private static SecureSocketOptions TlsOf(string tls) => tls switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "starttls_when_available" => SecureSocketOptions.StartTlsWhenAvailable,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
