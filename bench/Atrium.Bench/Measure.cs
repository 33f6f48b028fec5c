using System.Diagnostics;

namespace Atrium.Bench;

/// <summary>Runs variants one after another for the same time and with the same concurrency, then prints ratios.</summary>
public static class Measure
{
    public sealed record Result(string Name, long Operations, TimeSpan Elapsed, long AllocatedBytes)
    {
        public double PerSecond => Operations / Elapsed.TotalSeconds;
        public double BytesPerOperation => Operations == 0 ? 0 : (double)AllocatedBytes / Operations;
    }

    public static async Task<Result> RunAsync(string name, TimeSpan duration, int concurrency, Func<int, Task> operation)
    {
        // Warm-up: connections, JIT, prepared statements.
        for (var i = 0; i < 50; i++)
            await operation(i);

        var count = 0L;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var i = worker * 1_000_000;
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                await operation(i++);
                Interlocked.Increment(ref count);
            }
        });
        await Task.WhenAll(workers);
        watch.Stop();
        return new Result(name, count, watch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
    }

    /// <summary>
    /// Runs the variants in interleaved rounds (A B C, A B C, …) so that a change in machine load during
    /// the run falls on all of them alike; each variant gets <paramref name="duration"/> in total.
    /// </summary>
    public static async Task CompareAsync(string title, TimeSpan duration, int concurrency, params (string Name, Func<int, Task> Operation)[] variants)
    {
        const int rounds = 5;
        var totals = variants.Select(v => new Result(v.Name, 0, TimeSpan.Zero, 0)).ToArray();
        for (var round = 0; round < rounds; round++)
            for (var v = 0; v < variants.Length; v++)
            {
                var r = await RunAsync(variants[v].Name, duration / rounds, concurrency, variants[v].Operation);
                totals[v] = totals[v] with
                {
                    Operations = totals[v].Operations + r.Operations,
                    Elapsed = totals[v].Elapsed + r.Elapsed,
                    AllocatedBytes = totals[v].AllocatedBytes + r.AllocatedBytes,
                };
            }
        Report($"{title} ({concurrency} concurrent callers, {duration.TotalSeconds:F0} s each in {rounds} interleaved rounds)", totals);
    }

    public static void Report(string title, IReadOnlyList<Result> results)
    {
        var baseline = results[0];
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine($"{"variant",-52} {"ops/s",10} {"ratio",7} {"alloc B/op",11}");
        foreach (var r in results)
            Console.WriteLine($"{r.Name,-52} {r.PerSecond,10:F0} {r.PerSecond / baseline.PerSecond,7:F2} {r.BytesPerOperation,11:F0}");
    }
}
