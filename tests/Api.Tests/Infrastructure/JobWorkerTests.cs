using Atrium.Api.Infrastructure.Jobs;
using Dapper;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>The outbox worker for real: PostgreSQL rows, MailKit, and an SMTP server in the test process.</summary>
public sealed class JobWorkerTests(ManualWorkerFactory factory) : IClassFixture<ManualWorkerFactory>
{
    [Fact]
    public async Task Two_workers_on_one_table_send_each_of_200_messages_exactly_once()
    {
        var mails = Enumerable.Range(0, 200).Select(i => JobKit.Mail($"twice.{i}@example.com", $"Message {i}")).ToArray();
        var ids = await factory.EnqueueMailAsync(mails);

        using var stop = new CancellationTokenSource();
        var first = factory.NewWorker();
        var second = factory.NewWorker();
        var running = Task.WhenAll(first.RunAsync(stop.Token), second.RunAsync(stop.Token));
        await JobKit.EventuallyAsync(async () => await DoneAmongAsync(ids) == ids.Length, "all 200 jobs done");
        await stop.CancelAsync();
        await running;

        var received = Enumerable.Range(0, 200).SelectMany(i => factory.Smtp.To($"twice.{i}@example.com")).ToList();
        Assert.Equal(200, received.Count);
        Assert.Equal(200, received.Select(m => m.MessageId).Distinct().Count());
        await using var db = await factory.OpenDatabaseAsync();
        var claimedBy = await db.QueryAsync<string>("select distinct claimed_by from jobs where id = any(@ids)", new { ids });
        Assert.Equal(2, claimedBy.Count());
    }

    [Fact]
    public async Task A_job_committed_while_no_worker_ran_is_sent_when_one_starts()
    {
        var ids = await factory.EnqueueMailAsync(JobKit.Mail("late@example.com", "Waited"));
        Assert.Equal("pending", await factory.StatusOfAsync(ids[0]));

        using var stop = new CancellationTokenSource();
        var running = factory.NewWorker().RunAsync(stop.Token);
        var message = await factory.Smtp.WaitForAsync("late@example.com");
        await JobKit.EventuallyAsync(async () => await factory.StatusOfAsync(ids[0]) == "done", "job done");
        await stop.CancelAsync();
        await running;

        Assert.Equal("Waited", message.Subject);
        Assert.Equal($"job-{ids[0]}@atrium", message.MessageId);
        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal("{}", await db.QuerySingleAsync<string>("select payload::text from jobs where id = @id", new { id = ids[0] }));
    }

    [Fact]
    public async Task A_claim_whose_worker_died_is_taken_again_once_its_lease_ran_out()
    {
        var ids = await factory.EnqueueMailAsync(JobKit.Mail("orphan@example.com", "Orphan"));
        await using (var db = await factory.OpenDatabaseAsync())
        {
            // Claimed by a worker that died: still pending, lease (run_at) in the future.
            await db.ExecuteAsync("update jobs set attempts = 1, claimed_by = 'dead', run_at = now() + interval '1 hour' where id = @id", new { id = ids[0] });
            Assert.Equal(0, await factory.NewWorker().RunBatchAsync(CancellationToken.None));
            await db.ExecuteAsync("update jobs set run_at = now() - interval '1 second' where id = @id", new { id = ids[0] });
        }

        Assert.Equal(1, await factory.NewWorker().RunBatchAsync(CancellationToken.None));

        await factory.Smtp.WaitForAsync("orphan@example.com");
        Assert.Equal("done", await factory.StatusOfAsync(ids[0]));
    }

    [Fact]
    public async Task A_worker_told_to_stop_finishes_the_batch_it_claimed()
    {
        var gate = new GateHandler();
        long id;
        await using (var db = await factory.OpenDatabaseAsync())
            id = await Outbox.EnqueueAsync(db, null, GateHandler.JobKind, new { }, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        var running = factory.NewWorker(gate).RunAsync(stop.Token);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        Assert.False(running.IsCompleted);
        gate.Release.SetResult();
        await running;

        Assert.Equal("done", await factory.StatusOfAsync(id));
    }

    [Fact]
    public async Task A_job_of_a_kind_without_a_handler_parks_with_the_reason()
    {
        long id;
        await using (var db = await factory.OpenDatabaseAsync())
            id = await Outbox.EnqueueAsync(db, null, "nobody.handles", new { }, CancellationToken.None);

        var worker = factory.NewWorker();
        await JobKit.EventuallyAsync(async () =>
        {
            await worker.RunBatchAsync(CancellationToken.None);
            return await factory.StatusOfAsync(id) == "parked";
        }, "job parked");

        await using var check = await factory.OpenDatabaseAsync();
        var row = await check.QuerySingleAsync<(int Attempts, string LastError)>("select attempts, last_error from jobs where id = @id", new { id });
        Assert.Equal(3, row.Attempts);
        Assert.Contains("No handler", row.LastError);
    }

    private sealed class GateHandler : IJobHandler
    {
        public const string JobKind = "test.gate";

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Kind => JobKind;

        public async Task RunAsync(Job job, CancellationToken ct)
        {
            Entered.TrySetResult();
            await Release.Task;
        }
    }

    private async Task<long> DoneAmongAsync(long[] ids)
    {
        await using var db = await factory.OpenDatabaseAsync();
        return await db.QuerySingleAsync<long>("select count(*) from jobs where id = any(@ids) and status = 'done'", new { ids });
    }
}

/// <summary>Kept SMTP connections: reused between messages, replaced when the server dropped them.</summary>
public sealed class MailConnectionTests(ManualWorkerFactory factory) : IClassFixture<ManualWorkerFactory>
{
    [Fact]
    public async Task A_kept_connection_the_server_dropped_is_replaced_and_the_message_still_goes_out()
    {
        var worker = factory.NewWorker();
        var first = await factory.EnqueueMailAsync(JobKit.Mail("kept@example.com", "First"));
        Assert.Equal(1, await worker.RunBatchAsync(CancellationToken.None));
        await factory.Smtp.WaitForAsync("kept@example.com", m => m.Subject == "First");

        // The server restarts: the connection kept from the first message is dead.
        await factory.Smtp.StopAsync();
        factory.Smtp.Start();
        var second = await factory.EnqueueMailAsync(JobKit.Mail("kept@example.com", "Second"));
        Assert.Equal(1, await worker.RunBatchAsync(CancellationToken.None));

        await factory.Smtp.WaitForAsync("kept@example.com", m => m.Subject == "Second");
        Assert.Equal("done", await factory.StatusOfAsync(first[0]));
        Assert.Equal("done", await factory.StatusOfAsync(second[0]));
    }
}
