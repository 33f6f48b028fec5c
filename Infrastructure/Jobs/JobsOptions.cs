using System.ComponentModel.DataAnnotations;

namespace Atrium.Api.Infrastructure.Jobs;

/// <summary>The outbox worker (section <c>Jobs</c>).</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the worker inside this process. Turn off in API replicas when <c>dotnet Api.dll worker</c> runs apart.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Wake on <c>LISTEN atrium_jobs</c>; when false (or while the listening connection is down) only polling finds work.</summary>
    public bool Listen { get; set; } = true;

    /// <summary>How often the worker looks for due rows without a notification (retries that came due, lost notifications).</summary>
    [Range(0.05, 3600)] public double PollSeconds { get; set; } = 5;

    /// <summary>Rows claimed per round trip.</summary>
    [Range(1, 1000)] public int BatchSize { get; set; } = 20;

    /// <summary>Jobs of one batch run at once.</summary>
    [Range(1, 64)] public int Concurrency { get; set; } = 4;

    /// <summary>After this many failed attempts a row is parked until staff retry it.</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 8;

    /// <summary>A claimed row is due again this long after its claim if its worker never reports back (it died).</summary>
    [Range(5, 86_400)] public int LeaseSeconds { get; set; } = 300;

    /// <summary>The first retry waits about this long; each next one twice as long (with jitter), capped by <see cref="BackoffMaxSeconds"/>.</summary>
    [Range(0.01, 3600)] public double BackoffBaseSeconds { get; set; } = 10;

    [Range(0.01, 86_400)] public double BackoffMaxSeconds { get; set; } = 3600;

    /// <summary>Finished rows are deleted this long after they finished.</summary>
    [Range(1, 24 * 365)] public int KeepDoneHours { get; set; } = 168;

    /// <summary>The job queue gauge (ready, delayed, failed) reads the counts from the database at most this often.</summary>
    [Range(0, 3600)] public double MetricsRefreshSeconds { get; set; } = 15;
}
