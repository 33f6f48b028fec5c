using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Infrastructure.Jobs;

/// <summary>
/// Claims due outbox rows in batches and runs them. Wakes on <c>NOTIFY atrium_jobs</c> (sent by the
/// insert trigger at commit) and polls every <see cref="JobsOptions.PollSeconds"/> besides, so a lost
/// notification or a dropped listening connection only delays work. On shutdown it stops claiming and
/// finishes the batch in hand. Any number of workers may share a table.
/// </summary>
public sealed class JobWorker(
    NpgsqlDataSource db, JobQueue queue, IEnumerable<IJobHandler> handlers, IOptions<JobsOptions> options, ILogger<JobWorker> logger)
{
    public const string Channel = "atrium_jobs";

    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind);
    private readonly Channel<bool> _wake = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Names this worker in <c>jobs.claimed_by</c>.</summary>
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    public async Task RunAsync(CancellationToken stopping)
    {
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var listener = options.Value.Listen ? ListenAsync(listening.Token) : Task.CompletedTask;
        var nextCleanup = DateTime.UtcNow;
        logger.LogInformation("Job worker {Worker} started (listen: {Listen}).", Name, options.Value.Listen);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                // A notification that arrives while a batch runs leaves the signal set: the next wait returns at once.
                _wake.Reader.TryRead(out _);
                int claimed;
                try
                {
                    // Not the stopping token: a claimed batch is finished even when shutdown begins.
                    claimed = await RunBatchAsync(CancellationToken.None);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Job worker {Worker} could not claim jobs.", Name);
                    claimed = 0;
                }
                if (claimed >= options.Value.BatchSize)
                    continue;

                if (DateTime.UtcNow >= nextCleanup)
                {
                    nextCleanup = DateTime.UtcNow.AddHours(1);
                    await DeleteFinishedAsync();
                }
                await WaitForWorkAsync(stopping);
            }
        }
        finally
        {
            await listening.CancelAsync();
            await listener;
            logger.LogInformation("Job worker {Worker} stopped.", Name);
        }
    }

    /// <summary>Claims one batch and runs it; returns how many rows were claimed.</summary>
    public async Task<int> RunBatchAsync(CancellationToken ct)
    {
        var jobs = await queue.ClaimAsync(Name, ct);
        if (jobs.Count == 0)
            return 0;
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = ct },
            async (job, token) => await RunOneAsync(job, token));
        return jobs.Count;
    }

    private async Task RunOneAsync(Job job, CancellationToken ct)
    {
        try
        {
            if (!_handlers.TryGetValue(job.Kind, out var handler))
                throw new InvalidOperationException($"No handler for jobs of kind '{job.Kind}'.");
            await handler.RunAsync(job, ct);
        }
        catch (Exception e)
        {
            var status = await queue.FailAsync(job, e.GetType().Name + ": " + e.Message, ct);
            if (status == "parked")
                logger.LogError(e, "Job {JobId} ({Kind}) failed {Attempts} time(s) and is parked.", job.Id, job.Kind, job.Attempts);
            else
                logger.LogWarning("Job {JobId} ({Kind}) failed attempt {Attempts}: {Error}", job.Id, job.Kind, job.Attempts, e.Message);
            return;
        }
        await queue.FinishAsync(job.Id, ct);
    }

    private async Task WaitForWorkAsync(CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.PollSeconds));
        try
        {
            await _wake.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Poll interval elapsed, or shutdown: the loop condition tells which.
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => _wake.Writer.TryWrite(true);
                await using (var listen = new NpgsqlCommand("listen " + Channel, connection))
                    await listen.ExecuteNonQueryAsync(ct);
                try
                {
                    // Rows committed before LISTEN took effect are found by this wake-up.
                    _wake.Writer.TryWrite(true);
                    while (!ct.IsCancellationRequested)
                        await connection.WaitAsync(ct);
                }
                finally
                {
                    await UnlistenAsync(connection);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Job worker {Worker} lost its listening connection ({Error}); polling until it is back.", Name, e.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, options.Value.PollSeconds * 2)), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Pooled connections go back without a reset (decision 43), so the one that listened stops listening first.</summary>
    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
            return;
        try
        {
            await using var unlisten = new NpgsqlCommand("unlisten *", connection);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // A broken connection is not returned to the pool: there is nothing to undo.
        }
    }

    private async Task DeleteFinishedAsync()
    {
        try
        {
            await queue.DeleteFinishedAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning("Job worker {Worker} could not delete finished jobs: {Error}", Name, e.Message);
        }
    }
}

/// <summary>Runs a <see cref="JobWorker"/> inside the service when <c>Jobs:Enabled</c>.</summary>
public sealed class JobWorkerService(IServiceProvider services, IOptions<JobsOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled
            ? Task.Run(() => ActivatorUtilities.CreateInstance<JobWorker>(services).RunAsync(stoppingToken), CancellationToken.None)
            : Task.CompletedTask;
}
