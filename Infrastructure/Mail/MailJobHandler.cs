using System.Collections.Concurrent;
using System.Text.Json;
using Atrium.Api.Infrastructure.Jobs;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Atrium.Api.Infrastructure.Mail;

/// <summary>
/// Sends an <see cref="OutgoingMail"/> job over SMTP (MailKit), or writes it as <c>{job id}.eml</c> when no
/// host is set. Idempotent as far as mail can be: the Message-Id is made from the job id, so a message sent
/// twice (a worker died between sending and recording it) is one message to clients that deduplicate, and a
/// file is overwritten, not doubled. Connections are kept open for a few seconds between messages and reused,
/// so a busy outbox does not pay a TCP and SMTP handshake per message.
/// </summary>
public sealed class MailJobHandler(IOptions<MailOptions> options, IHostEnvironment environment) : IJobHandler, IDisposable
{
    private const int MaxIdleConnections = 16;
    private static readonly TimeSpan IdleLife = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<(SmtpClient Client, DateTime IdleSince)> _idle = new();

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

        // A kept connection the server has closed meanwhile fails at once: then once more on a new one.
        if (TakeIdle() is { } kept)
        {
            try
            {
                await kept.SendAsync(message, ct);
                GiveBack(kept);
                return;
            }
            catch (Exception e) when (e is ServiceNotConnectedException or IOException or SmtpProtocolException)
            {
                kept.Dispose();
            }
        }

        var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(o.Host, o.Port, TlsOf(o.Tls), ct);
            if (!string.IsNullOrEmpty(o.User))
                await client.AuthenticateAsync(o.User, o.Password, ct);
            await client.SendAsync(message, ct);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        GiveBack(client);
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

    private SmtpClient? TakeIdle()
    {
        while (_idle.TryDequeue(out var entry))
        {
            if (entry.Client.IsConnected && DateTime.UtcNow - entry.IdleSince < IdleLife)
                return entry.Client;
            Close(entry.Client);
        }
        return null;
    }

    private void GiveBack(SmtpClient client)
    {
        if (_idle.Count < MaxIdleConnections)
            _idle.Enqueue((client, DateTime.UtcNow));
        else
            Close(client);
    }

    private static void Close(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
                client.Disconnect(true);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or ServiceNotConnectedException or OperationCanceledException)
        {
            // The server went first; nothing to close politely.
        }
        client.Dispose();
    }

    public void Dispose()
    {
        while (_idle.TryDequeue(out var entry))
            Close(entry.Client);
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
