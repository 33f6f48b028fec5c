using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure.Auth;

/// <summary>
/// Where BCrypt runs (decision 37). <c>Passwords:MaxConcurrentHashes</c> dedicated threads (one per processor by default)
/// at a lower scheduling priority (<c>Passwords:HashThreadNice</c>), so hashing mostly takes the CPU that requests leave
/// idle and a login storm cannot raise every other endpoint's latency; a bounded queue in front of them
/// (<c>Passwords:MaxQueuedHashes</c>). A caller that finds every place taken waits for one, without a thread and before
/// any I/O, for up to <c>Passwords:MaxAdmissionWaitMilliseconds</c>; work that then could not start within
/// <c>Passwords:MaxHashWaitMilliseconds</c> is given up. Beyond either bound the request is answered with 503
/// <c>password_hashing_busy</c> and <c>Retry-After</c>, instead of queueing for many seconds.
/// </summary>
public sealed class HashingQueue : IDisposable
{
    /// <summary>What a refused caller is told to wait.</summary>
    public const int RetryAfterSeconds = 1;

    /// <summary>Said by every operation that hashes a password, so the code is in its documented list.</summary>
    public const string BusyNote = " More sign-ins at once than the server can hash: 503 `password_hashing_busy`, retry after `Retry-After`.";

    private readonly BlockingCollection<Action> _work = new();
    private readonly SemaphoreSlim _places;
    private readonly TimeSpan _maxWait;
    private readonly TimeSpan _admissionWait;
    private readonly TimeProvider _clock;
    private readonly int _nice;
    private int _waitingForPlace;

    public HashingQueue(IOptions<PasswordOptions> options, TimeProvider clock)
    {
        var value = options.Value;
        Workers = value.MaxConcurrentHashes > 0 ? value.MaxConcurrentHashes : Environment.ProcessorCount;
        var queued = value.MaxQueuedHashes >= 0 ? value.MaxQueuedHashes : 4 * Workers;
        _places = new SemaphoreSlim(Workers + queued, Workers + queued);
        _maxWait = TimeSpan.FromMilliseconds(value.MaxHashWaitMilliseconds);
        _admissionWait = TimeSpan.FromMilliseconds(value.MaxAdmissionWaitMilliseconds);
        _clock = clock;
        _nice = value.HashThreadNice;
        for (var i = 0; i < Workers; i++)
            new Thread(Drain) { IsBackground = true, Name = "bcrypt-" + i }.Start();
    }

    /// <summary>Threads that hash.</summary>
    public int Workers { get; }

    /// <summary>Hashes waiting for a thread (not those running): what a test waits on to know its work is queued.</summary>
    public int Waiting => _work.Count;

    /// <summary>Callers waiting for a place on the full queue.</summary>
    public int WaitingForPlace => Volatile.Read(ref _waitingForPlace);

    /// <summary>
    /// Takes a place on the queue, waiting for one up to <c>Passwords:MaxAdmissionWaitMilliseconds</c> when all are
    /// taken; null when none came free. A caller that has its own I/O to do before it hashes (the login reads the
    /// account) reserves first, so a refusal costs it nothing but the answer: no Redis, no PostgreSQL, no exception,
    /// and a client that retries at once finds its next attempt waiting too, not spinning. The place is given back
    /// when its work has run, or when the slot is disposed unused.
    /// </summary>
    public async ValueTask<HashingSlot?> ReserveAsync(CancellationToken cancellationToken)
    {
        if (_places.Wait(0))
            return new HashingSlot(this);
        if (_admissionWait <= TimeSpan.Zero)
            return null;
        Interlocked.Increment(ref _waitingForPlace);
        try
        {
            return await _places.WaitAsync(_admissionWait, cancellationToken) ? new HashingSlot(this) : null;
        }
        finally
        {
            Interlocked.Decrement(ref _waitingForPlace);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a hashing thread; throws a <see cref="ProblemException"/> (503) when no place
    /// came free in time or the work could not start in time.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        using var slot = await ReserveAsync(cancellationToken) ?? throw new ProblemException(Busy(), RetryAfterSeconds);
        return await slot.RunAsync(work, cancellationToken);
    }

    /// <summary>The 503 <c>password_hashing_busy</c> answer with its <c>Retry-After</c>, for a handler refused a slot.</summary>
    public static ProblemHttpResult Refuse(HttpContext http)
    {
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Busy();
    }

    internal Task<T> Enqueue<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queuedAt = _clock.GetTimestamp();
        _work.Add(() =>
        {
            try
            {
                if (cancellationToken.IsCancellationRequested)
                    done.TrySetCanceled(cancellationToken);
                else if (_clock.GetElapsedTime(queuedAt) > _maxWait)
                    done.TrySetException(new ProblemException(Busy(), RetryAfterSeconds));
                else
                    done.TrySetResult(work());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
            finally
            {
                Release();
            }
        });
        return done.Task;
    }

    internal void Release() => _places.Release();

    private static ProblemHttpResult Busy()
    {
        var problem = Problems.Of(StatusCodes.Status503ServiceUnavailable, "password_hashing_busy",
            $"Too many sign-ins and password changes at once; retry in {RetryAfterSeconds} s.");
        problem.ProblemDetails.Extensions["retry_after"] = RetryAfterSeconds;
        return problem;
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

/// <summary>A place on the <see cref="HashingQueue"/>, taken by <see cref="HashingQueue.ReserveAsync"/>: runs one piece of work.</summary>
public sealed class HashingSlot : IDisposable
{
    private readonly HashingQueue _queue;
    private int _state; // 0 held, 1 spent on work or given back

    internal HashingSlot(HashingQueue queue) => _queue = queue;

    /// <summary>Runs <paramref name="work"/> on a hashing thread in this place; a 503 <see cref="ProblemException"/> when it waited too long.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _state, 1) != 0)
            throw new InvalidOperationException("A hashing slot runs one piece of work.");
        return _queue.Enqueue(work, cancellationToken);
    }

    /// <summary>Gives the place back when no work ran in it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, 1) == 0)
            _queue.Release();
    }
}
