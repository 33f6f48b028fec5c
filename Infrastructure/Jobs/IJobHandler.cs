namespace Atrium.Api.Infrastructure.Jobs;

/// <summary>
/// Runs the jobs of one kind. A job runs at least once (a worker may die after the work and before it
/// records it), so a handler must be idempotent. Throwing fails the attempt; it is retried after a backoff.
/// </summary>
public interface IJobHandler
{
    string Kind { get; }

    Task RunAsync(Job job, CancellationToken ct);
}
