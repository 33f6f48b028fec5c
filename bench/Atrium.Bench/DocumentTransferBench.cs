using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Atrium.Api.Features.Documents;
using Atrium.Api.Features.Documents.Content;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Crypto;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Atrium.Bench;

/// <summary>
/// A 20 MB document through the whole service in process over Kestrel on loopback (the factory finds the service by any of its types) (multipart upload streamed into encrypted PostgreSQL
/// chunks, download decrypted chunk by chunk), against a plain copy of the same file on the same disk. Reports
/// MB/s, the ratio to the copy, the peak growth of the managed heap during each transfer (sampled every
/// millisecond; garbage not yet collected counts too) and the bytes allocated (client and server share the
/// process, so both are upper bounds for the server).
/// </summary>
public static class DocumentTransferBench
{
    private const int Megabytes = 20;

    public static async Task RunAsync(string connectionString, string redis, int rounds)
    {
        var name = "atrium_bench_docs_" + Guid.NewGuid().ToString("N")[..8];
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await c.ExecuteAsync($"create database {name}");
        }
        var folder = Directory.CreateTempSubdirectory("atrium-bench-");
        try
        {
            var scratch = new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
            // Where the factory finds the service's content root (it would otherwise look for a solution file).
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_API", RepositoryRoot());
            await using var factory = new WebApplicationFactory<Atrium.Api.Infrastructure.Crypto.KeyRing>().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Development");
                b.UseContentRoot(RepositoryRoot());
                b.UseSetting("ConnectionStrings:Postgres", scratch);
                b.UseSetting("ConnectionStrings:Redis", redis);
                b.UseSetting("Redis:KeyPrefix", "bench:" + name + ":");
                b.UseSetting("Passwords:BcryptCost", "4");
                b.UseSetting("Logging:LogLevel:Default", "Warning");
            });
            // Real Kestrel on a loopback port, so the request body limit and the socket path are the production ones.
            factory.UseKestrel(FreePort());
            // A plain client to the server's address: the factory's own client has a redirect handler that copies
            // every request body into memory to be able to send it again.
            Uri address;
            using (var started = factory.CreateClient())
                address = started.BaseAddress!;
            using var client = new HttpClient { BaseAddress = address };
            client.Timeout = TimeSpan.FromMinutes(5);
            var email = $"bench.{Guid.NewGuid():N}@example.com";
            var registered = await (await client.PostAsJsonAsync("/api/v1/auth/register",
                new { email, password = "correct horse battery", name = "Bench", organization_name = "Bench" })).Content.ReadFromJsonAsync<JsonObject>();
            var tokens = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "correct horse battery" }))
                .Content.ReadFromJsonAsync<JsonObject>();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)tokens!["access_token"]!);
            client.DefaultRequestHeaders.Add("X-Organization-Id", ((long)registered!["organization"]!["id"]!).ToString());

            var source = Path.Combine(folder.FullName, "source.pdf");
            var bytes = new byte[Megabytes * 1024 * 1024];
            new Random(20).NextBytes(bytes);
            await File.WriteAllBytesAsync(source, bytes);
            bytes = [];
            GC.Collect();

            var results = new Dictionary<string, List<(double Seconds, long PeakBytes, long AllocatedBytes)>>
            {
                ["upload (multipart → encrypted chunks in PostgreSQL)"] = [],
                ["download (chunks → decrypted stream)"] = [],
                ["store only: file → encrypted chunks, no HTTP"] = [],
                ["plain file copy, same disk"] = [],
            };
            var dataSource = factory.Services.GetRequiredService<NpgsqlDataSource>();
            var keys = factory.Services.GetRequiredService<KeyRing>();
            var options = factory.Services.GetRequiredService<IOptions<DocumentsOptions>>().Value;
            var userId = (long)registered["id"]!;
            var organizationId = (long)registered["organization"]!["id"]!;
            for (var round = 0; round <= rounds; round++) // round 0 warms up
            {
                long id = 0;
                var upload = await Sampled(async () =>
                {
                    await using var file = File.OpenRead(source);
                    using var form = new MultipartFormDataContent();
                    var part = new StreamContent(file, 81920);
                    part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                    form.Add(part, "file", "source.pdf");
                    var response = await client.PostAsync("/api/v1/documents/upload", form);
                    response.EnsureSuccessStatusCode();
                    id = (long)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
                });
                var target = Path.Combine(folder.FullName, $"download-{round}.pdf");
                var download = await Sampled(async () =>
                {
                    using var response = await client.GetAsync($"/api/v1/documents/{id}/content", HttpCompletionOption.ResponseHeadersRead);
                    response.EnsureSuccessStatusCode();
                    await using var file = File.Create(target);
                    await response.Content.CopyToAsync(file);
                });
                if (new FileInfo(target).Length != new FileInfo(source).Length)
                    throw new InvalidOperationException("The download is not the upload.");
                var store = await Sampled(async () =>
                {
                    await using var connection = await dataSource.OpenConnectionAsync();
                    await using var transaction = await connection.BeginTransactionAsync();
                    var documentId = await connection.QuerySingleAsync<long>(
                        "insert into documents (organization_id, title, author_id, responsible_user_id) values (@organizationId, 'store', @userId, @userId) returning id",
                        new { organizationId, userId }, transaction);
                    await using var file = File.OpenRead(source);
                    var outcome = await DocumentContent.WriteAsync(connection, transaction, keys, options, documentId, userId, "source.pdf",
                        "application/pdf", file, CancellationToken.None);
                    if (outcome.Problem is not null)
                        throw new InvalidOperationException("The store refused the file.");
                    await transaction.CommitAsync();
                });
                var copyTarget = Path.Combine(folder.FullName, $"copy-{round}.pdf");
                var copy = await Sampled(async () =>
                {
                    await using var from = File.OpenRead(source);
                    await using var to = File.Create(copyTarget);
                    await from.CopyToAsync(to);
                    await to.FlushAsync();
                    to.Flush(flushToDisk: true);
                });
                File.Delete(target);
                File.Delete(copyTarget);
                if (round == 0)
                    continue;
                results.ElementAt(0).Value.Add(upload);
                results.ElementAt(1).Value.Add(download);
                results.ElementAt(2).Value.Add(store);
                results.ElementAt(3).Value.Add(copy);
            }

            var copyRate = Megabytes / Median(results.ElementAt(3).Value.Select(r => r.Seconds));
            Console.WriteLine($"\n{Megabytes} MB document, {rounds} rounds (median), in process; peak = largest growth of the managed heap during the transfer");
            Console.WriteLine($"{"variant",-56} {"MB/s",8} {"vs copy",8} {"peak MB",8} {"alloc MB",9}");
            foreach (var (variant, samples) in results)
            {
                var rate = Megabytes / Median(samples.Select(s => s.Seconds));
                Console.WriteLine($"{variant,-56} {rate,8:F1} {rate / copyRate,8:F2} {Median(samples.Select(s => s.PeakBytes / 1048576.0)),8:F1} {Median(samples.Select(s => s.AllocatedBytes / 1048576.0)),9:F1}");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(admin);
            await c.OpenAsync();
            await c.ExecuteAsync($"drop database if exists {name} with (force)");
        }
    }

    /// <summary>Runs the transfer while a sampler records the managed heap every millisecond; seconds and peak growth in bytes.</summary>
    private static async Task<(double Seconds, long PeakBytes, long AllocatedBytes)> Sampled(Func<Task> transfer)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: false);
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(1);
            }
        });
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        await transfer();
        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        await stop.CancelAsync();
        await sampler;
        return (watch.Elapsed.TotalSeconds, peak - baseline, allocated);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Api.csproj")))
                return dir.FullName;
        throw new InvalidOperationException("Api.csproj not found above " + AppContext.BaseDirectory);
    }
}
