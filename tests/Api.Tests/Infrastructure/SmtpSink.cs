using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>
/// A real SMTP server inside the test process (the SmtpServer package) on a free port of 127.0.0.1; every
/// message it accepts is parsed with MimeKit and kept in <see cref="Messages"/>. It can be stopped and
/// started again on the same port to play an SMTP outage.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;

    public int Port { get; } = FreePort();

    public IReadOnlyCollection<MimeMessage> Messages => _messages;

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).IsSecure(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(_messages));
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
    }

    public async Task StopAsync()
    {
        if (_server is null)
            return;
        _server.Shutdown();
        await _stop!.CancelAsync();
        try
        {
            await _server.ShutdownTask.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Cancelled sessions end the server task with a cancellation.
        }
        try
        {
            await _running!;
        }
        catch (OperationCanceledException)
        {
            // Same.
        }
        _stop.Dispose();
        _server = null;
    }

    /// <summary>Waits (up to 20 s) for a message to <paramref name="to"/> that matches <paramref name="match"/>; fails when none came.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, Func<MimeMessage, bool>? match = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var found = _messages.FirstOrDefault(m => SentTo(m, to) && (match is null || match(m)));
            if (found is not null)
                return found;
            await Task.Delay(25);
        }
        throw new Xunit.Sdk.XunitException($"No message to {to} arrived at the SMTP server ({_messages.Count} others did).");
    }

    /// <summary>Every message to <paramref name="to"/> so far.</summary>
    public IReadOnlyList<MimeMessage> To(string to) => _messages.Where(m => SentTo(m, to)).ToList();

    private static bool SentTo(MimeMessage message, string to) =>
        message.To.Mailboxes.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>
/// The service with its job worker running and mail going to an in-process <see cref="SmtpSink"/>;
/// retries come fast (a fraction of a second) and a job parks after 3 attempts.
/// </summary>
public class MailFactory : AtriumFactory
{
    public SmtpSink Smtp { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Smtp.Start();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    protected override IDictionary<string, string?> Settings() => WorkerAndSmtp(base.Settings(), Smtp);

    /// <summary>The worker on with fast retries, mail to <paramref name="smtp"/>, links under https://atrium.test.</summary>
    public static IDictionary<string, string?> WorkerAndSmtp(IDictionary<string, string?> settings, SmtpSink smtp)
    {
        settings["Jobs:Enabled"] = "true";
        settings["Jobs:PollSeconds"] = "0.2";
        settings["Jobs:MaxAttempts"] = "3";
        settings["Jobs:BackoffBaseSeconds"] = "0.05";
        settings["Jobs:BackoffMaxSeconds"] = "0.2";
        settings["Mail:Host"] = "127.0.0.1";
        settings["Mail:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Mail:Tls"] = "none";
        settings["Mail:PublicUrl"] = "https://atrium.test";
        return settings;
    }
}
