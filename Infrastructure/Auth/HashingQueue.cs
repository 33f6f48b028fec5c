using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Errors;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure.Auth;

/// <summary>
/// Where BCrypt runs (decision 37). <c>Passwords:MaxConcurrentHashes</c> dedicated threads (one per processor by default)
/// at a lower scheduling priority (<c>Passwords:HashThreadNice</c>), so hashing mostly takes the CPU that requests leave
/// idle and a login storm cannot raise every other endpoint's latency; a bounded queue in front of them (<c>Passwords:MaxQueuedHashes</c>), and work
/// that could not start within <c>Passwords:MaxHashWaitMilliseconds</c> is given up. Beyond either bound the request is
/// answered at once with 503 <c>password_hashing_busy</c> and <c>Retry-After</c>, instead of queueing for seconds.
/// </summary>
public sealed class HashingQueue : IDisposable
{
    /// <summary>What a refused caller is told to wait.</summary>
    public const int RetryAfterSeconds = 1;

    /// <summary>Said by every operation that hashes a password, so the code is in its documented list.</summary>
    public const string BusyNote = " More sign-ins at once than the server can hash: 503 `password_hashing_busy`, retry after `Retry-After`.";

    private readonly BlockingCollection<Action> _work = new();
    private readonly int _capacity;
    private readonly TimeSpan _maxWait;
    private readonly TimeProvider _clock;
    private readonly int _nice;
    private int _admitted;

    public HashingQueue(IOptions<PasswordOptions> options, TimeProvider clock)
    {
        var value = options.Value;
        Workers = value.MaxConcurrentHashes > 0 ? value.MaxConcurrentHashes : Environment.ProcessorCount;
        var queued = value.MaxQueuedHashes >= 0 ? value.MaxQueuedHashes : 4 * Workers;
        _capacity = Workers + queued;
        _maxWait = TimeSpan.FromMilliseconds(value.MaxHashWaitMilliseconds);
        _clock = clock;
        _nice = value.HashThreadNice;
        for (var i = 0; i < Workers; i++)
            new Thread(Drain) { IsBackground = true, Name = "bcrypt-" + i }.Start();
    }

    /// <summary>Threads that hash.</summary>
    public int Workers { get; }

    /// <summary>
    /// Runs <paramref name="work"/> on a hashing thread; throws a <see cref="ProblemException"/> (503) when the queue is
    /// full or the work could not start in time.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _admitted) > _capacity)
        {
            Interlocked.Decrement(ref _admitted);
            throw Busy();
        }

        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queuedAt = _clock.GetTimestamp();
        _work.Add(() =>
        {
            try
            {
                if (cancellationToken.IsCancellationRequested)
                    done.TrySetCanceled(cancellationToken);
                else if (_clock.GetElapsedTime(queuedAt) > _maxWait)
                    done.TrySetException(Busy());
                else
                    done.TrySetResult(work());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
            finally
            {
                Interlocked.Decrement(ref _admitted);
            }
        });
        return done.Task;
    }

    private static ProblemException Busy()
    {
        var problem = Problems.Of(StatusCodes.Status503ServiceUnavailable, "password_hashing_busy",
            $"Too many sign-ins and password changes at once; retry in {RetryAfterSeconds} s.");
        problem.ProblemDetails.Extensions["retry_after"] = RetryAfterSeconds;
        return new ProblemException(problem, RetryAfterSeconds);
    }

    private void Drain()
    {
        LowerPriority();
        foreach (var item in _work.GetConsumingEnumerable())
            item();
    }

    /// <summary>The configured niceness for the calling thread on Linux (a thread is a task there); a lower managed priority elsewhere.</summary>
    private void LowerPriority()
    {
        if (_nice == 0)
            return;
        try
        {
            if (OperatingSystem.IsLinux())
                _ = setpriority(0, gettid(), _nice);
            else
                Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException)
        {
            // Hashing still runs, at the normal priority.
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc")]
    private static extern int gettid();

    public void Dispose()
    {
        _work.CompleteAdding();
    }
}
