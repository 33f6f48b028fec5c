using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Jobs;
using Atrium.Api.Infrastructure.Mail;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Atrium.Bench;

/// <summary>
/// The outbox worker end to end: PostgreSQL rows → worker (claims with SKIP LOCKED) → MailKit → an SMTP server in
/// this process. Measures (1) jobs per second draining a backlog, with one and with two workers, and (2) the delay
/// from the commit of a job to its arrival at the SMTP server, median over single jobs committed while the worker
/// idles, woken by LISTEN/NOTIFY vs found by polling alone (poll every second).
/// </summary>
public static class JobsBench
{
    public static async Task RunAsync(string connectionString, int backlog, int samples)
    {
        var name = "atrium_bench_" + Guid.NewGuid().ToString("N")[..8];
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await c.ExecuteAsync($"create database {name}");
        }

        var sink = new Sink();
        using var smtp = new CancellationTokenSource();
        var port = FreePort();
        var server = new SmtpServer.SmtpServer(
            new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build(),
            Services(sink));
        var serving = server.StartAsync(smtp.Token);
        try
        {
            var scratch = new NpgsqlConnectionStringBuilder(connectionString) { Database = name, MaxPoolSize = 16 }.ConnectionString;
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = scratch }).Build();
            await using var dataSource = NpgsqlDataSource.Create(scratch);
            var migrated = await new Migrator(configuration, NullLogger<Migrator>.Instance).MigrateAsync();
            if (!migrated.Successful)
                throw new InvalidOperationException(migrated.Error);

            var mail = Microsoft.Extensions.Options.Options.Create(new MailOptions { Host = "127.0.0.1", Port = port, Tls = "none" });
            var handler = new MailJobHandler(mail, new HostingEnvironment { ContentRootPath = Directory.GetCurrentDirectory() });
            JobWorker Worker(JobsOptions o) => new(dataSource, new JobQueue(dataSource, Microsoft.Extensions.Options.Options.Create(o)), [handler],
                Microsoft.Extensions.Options.Options.Create(o), NullLogger<JobWorker>.Instance);

            Console.WriteLine($"jobs: backlog of {backlog} messages, SMTP in process, batch 20, concurrency 4 per worker");
            foreach (var workers in new[] { 1, 2 })
            {
                await EnqueueAsync(dataSource, backlog, "backlog");
                sink.Reset();
                using var stop = new CancellationTokenSource();
                var watch = Stopwatch.StartNew();
                var running = Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Worker(new JobsOptions()).RunAsync(stop.Token)));
                while (sink.Count < backlog)
                    await Task.Delay(5);
                watch.Stop();
                await stop.CancelAsync();
                await running;
                Console.WriteLine($"  {workers} worker(s): {backlog / watch.Elapsed.TotalSeconds,8:F0} jobs/s ({watch.Elapsed.TotalSeconds:F2} s, {sink.Count} arrived, {sink.Duplicates} duplicates)");
            }

            Console.WriteLine($"jobs: commit → arrival at the SMTP server, median of {samples} single jobs, worker idle");
            foreach (var (label, options) in new[]
            {
                ("LISTEN/NOTIFY (+ poll 5 s)", new JobsOptions { Listen = true, PollSeconds = 5 }),
                ("polling every 1 s, no LISTEN", new JobsOptions { Listen = false, PollSeconds = 1 }),
            })
            {
                using var stop = new CancellationTokenSource();
                var running = Worker(options).RunAsync(stop.Token);
                await Task.Delay(500);
                var delays = new List<double>();
                for (var i = 0; i < samples; i++)
                {
                    sink.Reset();
                    var committed = await EnqueueAsync(dataSource, 1, "latency");
                    while (sink.Count < 1)
                        await Task.Delay(1);
                    delays.Add((sink.LastArrival - committed).TotalMilliseconds);
                    await Task.Delay(Random.Shared.Next(50, 250));
                }
                await stop.CancelAsync();
                await running;
                delays.Sort();
                Console.WriteLine($"  {label,-30} median {delays[delays.Count / 2],7:F1} ms, p90 {delays[(int)(delays.Count * 0.9)],7:F1} ms, max {delays[^1],7:F1} ms");
            }
        }
        finally
        {
            server.Shutdown();
            await smtp.CancelAsync();
            try { await serving; } catch (OperationCanceledException) { }
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(admin);
            await c.OpenAsync();
            await c.ExecuteAsync($"drop database if exists {name} with (force)");
        }
    }

    /// <summary>Commits <paramref name="count"/> mail jobs in one transaction; returns the time right after the commit.</summary>
    private static async Task<DateTime> EnqueueAsync(NpgsqlDataSource dataSource, int count, string subject)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        for (var i = 0; i < count; i++)
            await OutgoingMail.FromParagraphs($"bench{i}@example.com", subject, ["Body of the message", "123456"], "123456")
                .EnqueueAsync(connection, transaction, CancellationToken.None);
        await transaction.CommitAsync();
        return DateTime.UtcNow;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static SmtpServer.ComponentModel.ServiceProvider Services(Sink sink)
    {
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(sink);
        return services;
    }

    private sealed class Sink : MessageStore
    {
        private readonly ConcurrentDictionary<string, int> _seen = new();
        private int _count;
        private int _duplicates;

        public int Count => Volatile.Read(ref _count);
        public int Duplicates => Volatile.Read(ref _duplicates);
        public DateTime LastArrival { get; private set; }

        public void Reset()
        {
            _seen.Clear();
            Interlocked.Exchange(ref _count, 0);
            Interlocked.Exchange(ref _duplicates, 0);
        }

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var text = System.Text.Encoding.ASCII.GetString(buffer.ToArray());
            var start = text.IndexOf("Message-Id: <", StringComparison.OrdinalIgnoreCase);
            var id = start < 0 ? Guid.NewGuid().ToString() : text[(start + 13)..text.IndexOf('>', start)];
            if (_seen.AddOrUpdate(id, 1, (_, n) => n + 1) > 1)
                Interlocked.Increment(ref _duplicates);
            LastArrival = DateTime.UtcNow;
            Interlocked.Increment(ref _count);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
