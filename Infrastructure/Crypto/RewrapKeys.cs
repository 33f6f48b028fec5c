using Dapper;
using Npgsql;

namespace Atrium.Api.Infrastructure.Crypto;

/// <summary>
/// Master key rotation: <c>dotnet Api.dll rewrap-keys</c> re-wraps every key still wrapped by another master key
/// under the active one (content data keys and signing private keys), in batches, each batch in its own transaction.
/// The content itself is never re-encrypted. Afterwards the old master key can be removed from the settings.
/// </summary>
public static class RewrapKeys
{
    /// <summary>The tables holding wrapped keys: (table, key column, id column, key id column).</summary>
    private static readonly (string Table, string Key, string Id)[] Tables =
    [
        ("document_versions", "wrapped_key", "id"),
        ("user_signing_keys", "wrapped_private_key", "user_id"),
    ];

    private const int Batch = 500;

    public static async Task<int> RunAsync(NpgsqlDataSource db, KeyRing keys, ILogger logger, CancellationToken ct = default)
    {
        var total = 0;
        foreach (var (table, key, id) in Tables)
        {
            while (true)
            {
                await using var connection = await db.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                var rows = (await connection.QueryAsync<(long Id, string KeyId, byte[] Wrapped)>(new CommandDefinition(
                    $"select {id}, key_id, {key} from {table} where key_id <> @active order by {id} limit {Batch} for update",
                    new { active = keys.ActiveKeyId }, transaction, cancellationToken: ct))).AsList();
                if (rows.Count == 0)
                    break;
                foreach (var row in rows)
                {
                    var rewrapped = keys.Wrap(keys.Unwrap(new WrappedKey(row.KeyId, row.Wrapped)));
                    await connection.ExecuteAsync(new CommandDefinition($"update {table} set key_id = @keyId, {key} = @bytes where {id} = @id",
                        new { keyId = rewrapped.KeyId, bytes = rewrapped.Bytes, id = row.Id }, transaction, cancellationToken: ct));
                }
                await transaction.CommitAsync(ct);
                total += rows.Count;
            }
        }
        logger.LogInformation("Re-wrapped {Count} key(s) under the master key {KeyId}.", total, keys.ActiveKeyId);
        return total;
    }
}
