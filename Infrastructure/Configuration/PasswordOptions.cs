using System.ComponentModel.DataAnnotations;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>Password hashing settings (section <c>Passwords</c>).</summary>
public sealed class PasswordOptions
{
    public const string Section = "Passwords";

    /// <summary>BCrypt work factor; hashes with a lower one are upgraded on the next login.</summary>
    [Range(4, 16)] public int BcryptCost { get; set; } = 12;

    [Range(8, 72)] public int MinLength { get; set; } = 8;

    /// <summary>How many hashes may run at once (threads at the lowest priority); 0 means one per processor.</summary>
    [Range(0, 256)] public int MaxConcurrentHashes { get; set; }

    /// <summary>How many hashes may wait for a thread; beyond, a caller waits for a place (<see cref="MaxAdmissionWaitMilliseconds"/>). -1 means four per thread.</summary>
    [Range(-1, 10_000)] public int MaxQueuedHashes { get; set; } = -1;

    /// <summary>
    /// How long a caller that finds the queue full waits for a place (without a thread, before any I/O) before it is
    /// answered 503 <c>password_hashing_busy</c>; 0 refuses at once.
    /// </summary>
    [Range(0, 60_000)] public int MaxAdmissionWaitMilliseconds { get; set; } = 1000;

    /// <summary>A hash that waited longer than this for a thread is not run; the request answers 503 <c>password_hashing_busy</c>.</summary>
    [Range(1, 60_000)] public int MaxHashWaitMilliseconds { get; set; } = 2000;

    /// <summary>The scheduling niceness of the hashing threads on Linux (0 normal … 19 lowest): requests run first.</summary>
    [Range(0, 19)] public int HashThreadNice { get; set; } = 10;
}
