using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Infrastructure.Jobs;

/// <summary>A claimed job: what its handler needs.</summary>
public sealed record Job(long Id, string Kind, string Payload, int Attempts);

/// <summary>A job as staff see it.</summary>
/// <summary>The statuses of a job, and those the staff list shows.</summary>
public static class JobStatuses
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Parked = "parked";

    public static readonly IReadOnlyList<string> All = [Pending, Done, Parked];
    public static readonly IReadOnlyList<string> Listed = [Pending, Parked];
}

public sealed record JobRow(long Id, string Kind, [property: OneOf(typeof(JobStatuses), nameof(JobStatuses.All))] string Status, int Attempts, DateTime RunAt, string? ClaimedBy,
    DateTime? ClaimedAt, string? LastError, DateTime CreatedAt, DateTime? FinishedAt);

/// <summary>The SQL of the outbox: claim, finish, fail, list, retry.</summary>
public sealed class JobQueue(NpgsqlDataSource db, IOptions<JobsOptions> options)
{
    // Due rows in order, skipping those another worker holds; the claim pushes run_at one lease ahead.
    private const string Claim = """
        with due as (
            select id from jobs
            where status = 'pending' and run_at <= now()
            order by run_at, id
            limit @batch
            for update skip locked
        )
        update jobs j
        set run_at = now() + make_interval(secs => @leaseSeconds),
            attempts = j.attempts + 1,
            claimed_by = @worker,
            claimed_at = now()
        from due
        where j.id = due.id
        returning j.id, j.kind, j.payload::text as payload, j.attempts
        """;

    private const string Finish = """
        update jobs set status = 'done', finished_at = now(), payload = '{}'::jsonb, last_error = null
        where id = @id and status = 'pending'
        """;

    private const string Fail = """
        update jobs set
            last_error = @error,
            status = case when attempts >= @maxAttempts then 'parked' else 'pending' end,
            finished_at = case when attempts >= @maxAttempts then now() end,
            run_at = case when attempts >= @maxAttempts then run_at else now() + make_interval(secs => @delaySeconds) end
        where id = @id and status = 'pending'
        returning status
        """;

    private const string DeleteOld = "delete from jobs where status = 'done' and finished_at < now() - make_interval(hours => @hours)";

    private const string List = """
        select id, kind, status, attempts, run_at, claimed_by, claimed_at, last_error, created_at, finished_at,
               count(*) over () as total
        from jobs
        where status = @status
        order by id
        limit @limit offset @offset
        """;

    private const string Retry = """
        with target as (select id, status from jobs where id = @id),
        retried as (
            update jobs set status = 'pending', attempts = 0, run_at = now(), finished_at = null
            where id = @id and status = 'parked'
            returning id
        )
        select (select status from target) as status, exists (select 1 from retried) as retried
        """;

    public async Task<IReadOnlyList<Job>> ClaimAsync(string worker, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Job>(new CommandDefinition(Claim,
            new { batch = options.Value.BatchSize, leaseSeconds = (double)options.Value.LeaseSeconds, worker }, cancellationToken: ct));
        return rows.AsList();
    }

    public async Task FinishAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(Finish, new { id }, cancellationToken: ct));
    }

    /// <summary>Records a failed attempt: due again after the backoff, or parked after the last attempt. Returns the new status.</summary>
    public async Task<string?> FailAsync(Job job, string error, CancellationToken ct)
    {
        var o = options.Value;
        var delay = JobBackoff.Delay(job.Attempts, o.BackoffBaseSeconds, o.BackoffMaxSeconds, Random.Shared.NextDouble());
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(Fail, new
        {
            id = job.Id,
            error = error.Length > 2000 ? error[..2000] : error,
            maxAttempts = o.MaxAttempts,
            delaySeconds = delay.TotalSeconds,
        }, cancellationToken: ct));
    }

    public async Task<int> DeleteFinishedAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(DeleteOld, new { hours = options.Value.KeepDoneHours }, cancellationToken: ct));
    }

    public async Task<(IReadOnlyList<JobRow> Rows, long Total)> ListAsync(string status, int limit, int offset, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<JobRowWithTotal>(new CommandDefinition(List, new { status, limit, offset }, cancellationToken: ct))).AsList();
        return (rows.Select(r => r.Row).ToList(), rows.Count > 0 ? rows[0].Total : 0);
    }

    /// <summary>Puts a parked row back in the queue with its attempts reset. Null when there is no such job, else whether it was parked.</summary>
    public async Task<bool?> RetryAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var result = await connection.QuerySingleAsync<(string? Status, bool Retried)>(new CommandDefinition(Retry, new { id }, cancellationToken: ct));
        return result.Status is null ? null : result.Retried;
    }

    private sealed record JobRowWithTotal(long Id, string Kind, string Status, int Attempts, DateTime RunAt, string? ClaimedBy,
        DateTime? ClaimedAt, string? LastError, DateTime CreatedAt, DateTime? FinishedAt, long Total)
    {
        public JobRow Row => new(Id, Kind, Status, Attempts, RunAt, ClaimedBy, ClaimedAt, LastError, CreatedAt, FinishedAt);
    }
}
