using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Infrastructure.Jobs;

/// <summary>
/// The gauge <c>atrium.jobs.queue</c> (Prometheus <c>atrium_jobs_queue</c>): rows of the jobs outbox by <c>state</c> —
/// <c>ready</c> (pending and due), <c>delayed</c> (pending and due later: waiting out a backoff, or held by the lease of
/// a worker running it) and <c>failed</c> (parked after the last attempt, waiting for staff). The counts are read from
/// PostgreSQL at most once every <see cref="JobsOptions.MetricsRefreshSeconds"/>; a scrape in between answers the last
/// reading, and a failed reading keeps the one before.
/// </summary>
public sealed class JobQueueGauge
{
    public const string MeterName = "Atrium.Jobs";
    public const string InstrumentName = "atrium.jobs.queue";

    private const string Counts = """
        select count(*) filter (where status = 'pending' and run_at <= now()) as ready,
               count(*) filter (where status = 'pending' and run_at > now()) as delayed,
               count(*) filter (where status = 'parked') as failed
        from jobs
        where status in ('pending', 'parked')
        """;

    private static int _instances;
    private readonly NpgsqlDataSource _db;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _refresh;
    private readonly Lock _gate = new();
    private (long Ready, long Delayed, long Failed)? _last;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public JobQueueGauge(NpgsqlDataSource db, TimeProvider clock, IOptions<JobsOptions> options, IMeterFactory meters)
    {
        _db = db;
        _clock = clock;
        _refresh = TimeSpan.FromSeconds(options.Value.MetricsRefreshSeconds);
        // Meters are seen process-wide: a second host in one process (tests) gets a meter of its own name, so its
        // gauge never shares a metric stream with one that ends with its host.
        var instance = Interlocked.Increment(ref _instances);
        meters.Create(instance == 1 ? MeterName : $"{MeterName}.{instance}").CreateObservableGauge(InstrumentName, Observe, unit: "{job}",
            description: "Rows of the jobs outbox by state: ready, delayed, failed.");
    }

    /// <summary>How many times the counts were read from the database (for the test of the refresh bound).</summary>
    public int Readings { get; private set; }

    private IEnumerable<Measurement<long>> Observe()
    {
        var counts = Read();
        if (counts is not { } c)
            return [];
        return
        [
            new Measurement<long>(c.Ready, new KeyValuePair<string, object?>("state", "ready")),
            new Measurement<long>(c.Delayed, new KeyValuePair<string, object?>("state", "delayed")),
            new Measurement<long>(c.Failed, new KeyValuePair<string, object?>("state", "failed")),
        ];
    }

    private (long Ready, long Delayed, long Failed)? Read()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (_last is not null && now - _readAt < _refresh)
                return _last;
            try
            {
                using var connection = _db.OpenConnection();
                _last = connection.QuerySingle<(long, long, long)>(new CommandDefinition(Counts, commandTimeout: 2));
                Readings++;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database does not answer: keep the last reading (none yet: no measurement).
            }
            _readAt = now;
            return _last;
        }
    }
}
