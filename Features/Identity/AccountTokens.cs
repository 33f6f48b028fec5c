using System.Security.Cryptography;
using System.Text;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Mail;
using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Identity;

/// <summary>A stored single-use proof (row of <c>account_tokens</c>).</summary>
public sealed record AccountToken(long Id, long UserId, string Purpose, string Email, string? CodeHash, int Attempts,
    DateTime ExpiresAt, DateTime? UsedAt);

/// <summary>Why a code or link was refused; each has its own problem code.</summary>
public enum ProofRefusal { None, Invalid, Expired, Used }

/// <summary>
/// The mailed proofs of the identity slices: a 6-digit code and/or a link token, stored only as SHA-256
/// hashes in <c>account_tokens</c>, single use, with a lifetime and (codes) a cap on wrong attempts.
/// </summary>
public static class AccountTokens
{
    public const string ConfirmEmail = "confirm_email";
    public const string ChangeEmail = "change_email";
    public const string PasswordReset = "password_reset";
    public const string SetPassword = "set_password";

    private const string Insert = """
        insert into account_tokens (user_id, purpose, email, code_hash, token_hash, expires_at)
        values (@userId, @purpose, @email, @codeHash, @tokenHash, now() + make_interval(mins => @minutes))
        """;

    private const string Columns = "id, user_id, purpose, email, code_hash, attempts, expires_at at time zone 'utc' as expires_at, used_at at time zone 'utc' as used_at";

    private const string ByToken = $"select {Columns} from account_tokens where token_hash = @tokenHash for update";

    private const string LatestByEmail = $"""
        select {Columns} from account_tokens
        where lower(email) = lower(@email) and purpose = any(@purposes)
        order by id desc
        limit 1
        for update
        """;

    /// <summary>A new 6-digit code, uniformly drawn.</summary>
    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A new link token: 32 random bytes, base64url.</summary>
    public static string NewLinkToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>A code is hashed with its account and purpose, so equal codes of two accounts differ in the table.</summary>
    public static string HashCode(long userId, string purpose, string code) => Hash($"{purpose}:{userId}:{code}");

    /// <summary>Stores a proof; returns the link token (and the code when <paramref name="withCode"/>) to mail.</summary>
    public static async Task<(string Token, string? Code)> IssueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        long userId, string purpose, string email, int minutes, bool withCode, CancellationToken ct)
    {
        var token = NewLinkToken();
        var code = withCode ? NewCode() : null;
        await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            userId,
            purpose,
            email,
            codeHash = code is null ? null : HashCode(userId, purpose, code),
            tokenHash = Hash(token),
            minutes,
        }, transaction, cancellationToken: ct));
        return (token, code);
    }

    /// <summary>
    /// Checks a link token for one of <paramref name="purposes"/> and, when good, marks it used (in the caller's transaction).
    /// Unknown and wrong-purpose tokens are <see cref="ProofRefusal.Invalid"/>.
    /// </summary>
    public static async Task<(ProofRefusal Refusal, AccountToken? Proof)> UseTokenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string token, string[] purposes, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<AccountToken>(new CommandDefinition(ByToken,
            new { tokenHash = Hash(token) }, transaction, cancellationToken: ct));
        if (row is null || !purposes.Contains(row.Purpose))
            return (ProofRefusal.Invalid, null);
        if (row.UsedAt is not null)
            return (ProofRefusal.Used, null);
        if (row.ExpiresAt <= DateTime.UtcNow)
            return (ProofRefusal.Expired, null);
        await MarkUsedAsync(connection, transaction, row.Id, ct);
        return (ProofRefusal.None, row);
    }

    /// <summary>
    /// Checks a code against the latest proof sent to <paramref name="email"/> for one of <paramref name="purposes"/>; a wrong
    /// code counts an attempt, and past <paramref name="maxAttempts"/> the code is dead. Only the holder of the right code
    /// learns that it expired or was used; everyone else, whether or not an account exists, hears
    /// <see cref="ProofRefusal.Invalid"/>. The caller commits its transaction in every case (the attempt must count).
    /// </summary>
    public static async Task<(ProofRefusal Refusal, AccountToken? Proof)> UseCodeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string email, string code, string[] purposes, int maxAttempts, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<AccountToken>(new CommandDefinition(LatestByEmail,
            new { email, purposes }, transaction, cancellationToken: ct));
        if (row?.CodeHash is null || row.Attempts >= maxAttempts)
            return (ProofRefusal.Invalid, null);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.CodeHash), Encoding.ASCII.GetBytes(HashCode(row.UserId, row.Purpose, code))))
        {
            if (row.UsedAt is null)
                await connection.ExecuteAsync(new CommandDefinition("update account_tokens set attempts = attempts + 1 where id = @id",
                    new { row.Id }, transaction, cancellationToken: ct));
            return (ProofRefusal.Invalid, null);
        }
        if (row.UsedAt is not null)
            return (ProofRefusal.Used, null);
        if (row.ExpiresAt <= DateTime.UtcNow)
            return (ProofRefusal.Expired, null);
        await MarkUsedAsync(connection, transaction, row.Id, ct);
        return (ProofRefusal.None, row);
    }

    /// <summary>Kills the unused proofs of a user for <paramref name="purpose"/> (a newer one replaces them, or the goal was reached).</summary>
    public static Task RetireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long userId, string purpose, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "update account_tokens set used_at = now() where user_id = @userId and purpose = @purpose and used_at is null",
            new { userId, purpose }, transaction, cancellationToken: ct));

    /// <summary>
    /// Issues a code and link proving <paramref name="email"/> (<see cref="ConfirmEmail"/> for the account's address,
    /// <see cref="ChangeEmail"/> for a new one), retiring the earlier ones of that purpose, and queues the message.
    /// </summary>
    public static async Task SendAddressCodeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long userId,
        string email, string locale, string purpose, AuthOptions auth, MailOptions mail, CancellationToken ct)
    {
        await RetireAsync(connection, transaction, userId, purpose, ct);
        var (token, code) = await IssueAsync(connection, transaction, userId, purpose, email, auth.EmailCodeMinutes, withCode: true, ct);
        var link = Link(mail, "confirm-email", token);
        var message = purpose == ChangeEmail
            ? IdentityMail.ChangeEmail(email, code!, link, auth.EmailCodeMinutes, locale)
            : IdentityMail.ConfirmEmail(email, code!, link, auth.EmailCodeMinutes, locale);
        await message.EnqueueAsync(connection, transaction, ct);
    }

    /// <summary>
    /// Sets the password of the account a link was sent to; the link proves the address when the account still has it.
    /// Every other unused link of that purpose dies.
    /// </summary>
    public static async Task SetPasswordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AccountToken proof, string passwordHash, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(SetPasswordSql, new { passwordHash, proof.Email, proof.UserId }, transaction, cancellationToken: ct));
        await RetireAsync(connection, transaction, proof.UserId, proof.Purpose, ct);
    }

    private const string SetPasswordSql = """
        update users set password_hash = @passwordHash,
            email_confirmed_at = case when lower(email) = lower(@email) then coalesce(email_confirmed_at, now()) else email_confirmed_at end
        where id = @userId
        """;

    /// <summary>A front-end link carrying a token: <c>{Mail:PublicUrl}/{page}?token=…</c>.</summary>
    public static string Link(MailOptions mail, string page, string token) => $"{mail.PublicUrl.TrimEnd('/')}/{page}?token={token}";

    private static Task MarkUsedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("update account_tokens set used_at = now() where id = @id",
            new { id }, transaction, cancellationToken: ct));
}
