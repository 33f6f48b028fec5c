using Atrium.Api.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure.Auth;

/// <summary>
/// BCrypt hashing on the <see cref="HashingQueue"/>: at cost 12 one hash takes about a quarter of a second of a core,
/// so a login storm must not take every core from the other endpoints.
/// </summary>
public sealed class PasswordHasher
{
    private readonly HashingQueue _queue;
    private readonly int _cost;
    private readonly Lazy<string> _decoy;

    public PasswordHasher(IOptions<PasswordOptions> options, HashingQueue queue)
    {
        _cost = options.Value.BcryptCost;
        _queue = queue;
        // A real hash at the configured cost, verified when the account does not exist, so that
        // an unknown e-mail takes as long to refuse as a wrong password.
        _decoy = new Lazy<string>(() => BCrypt.Net.BCrypt.HashPassword(Convert.ToBase64String(Guid.NewGuid().ToByteArray()), _cost));
    }

    public int Cost => _cost;

    public Task<string> HashAsync(string password, CancellationToken cancellationToken = default) =>
        RunGated(() => BCrypt.Net.BCrypt.HashPassword(password, _cost), cancellationToken);

    /// <summary>Verifies <paramref name="password"/> against <paramref name="hash"/>, or against a decoy when the account is unknown.</summary>
    public Task<PasswordCheck> VerifyAsync(string? hash, string password, CancellationToken cancellationToken = default) =>
        RunGated(() => Verify(hash, password), cancellationToken);

    /// <summary>The same, in a place on the queue reserved before the caller's own I/O (<see cref="HashingQueue.ReserveAsync"/>).</summary>
    public Task<PasswordCheck> VerifyAsync(HashingSlot slot, string? hash, string password, CancellationToken cancellationToken = default) =>
        slot.RunAsync(() => Verify(hash, password), cancellationToken);

    private PasswordCheck Verify(string? hash, string password)
    {
        if (hash is null)
        {
            BCrypt.Net.BCrypt.Verify(password, _decoy.Value);
            return new PasswordCheck(false, false);
        }

        bool ok;
        try { ok = BCrypt.Net.BCrypt.Verify(password, hash); }
        catch (BCrypt.Net.SaltParseException) { ok = false; }
        return new PasswordCheck(ok, ok && CostOf(hash) < _cost);
    }

    /// <summary>The work factor written in a modular-crypt BCrypt hash (<c>$2a$12$…</c>).</summary>
    public static int CostOf(string hash)
    {
        var parts = hash.Split('$');
        return parts.Length > 2 && int.TryParse(parts[2], out var cost) ? cost : 0;
    }

    private Task<T> RunGated<T>(Func<T> work, CancellationToken cancellationToken) => _queue.RunAsync(work, cancellationToken);
}

public readonly record struct PasswordCheck(bool Valid, bool NeedsRehash);
