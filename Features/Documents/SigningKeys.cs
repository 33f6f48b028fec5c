using System.Security.Cryptography;
using Atrium.Api.Infrastructure.Crypto;
using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Documents;

/// <summary>
/// A person's ECDSA P-256 key pair, made on first use: the public key in PEM, the private key (PKCS#8) wrapped by
/// the master key, like a data key. Only the service ever holds the private key, and only while signing.
/// </summary>
public static class SigningKeys
{
    private const string Select = "select key_id, wrapped_private_key from user_signing_keys where user_id = @userId";

    private const string Insert = """
        insert into user_signing_keys (user_id, public_key_pem, key_id, wrapped_private_key)
        values (@userId, @publicKeyPem, @keyId, @wrapped)
        on conflict (user_id) do nothing
        """;

    private sealed record Row(string KeyId, byte[] WrappedPrivateKey);

    /// <summary>The caller's signing key, made now when they have none.</summary>
    public static async Task<ECDsa> GetOrCreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, KeyRing keys, long userId,
        CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select, new { userId }, transaction, cancellationToken: ct));
        if (row is null)
        {
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var wrapped = keys.Wrap(fresh.ExportPkcs8PrivateKey());
            await connection.ExecuteAsync(new CommandDefinition(Insert, new
            {
                userId, publicKeyPem = fresh.ExportSubjectPublicKeyInfoPem(), keyId = wrapped.KeyId, wrapped = wrapped.Bytes,
            }, transaction, cancellationToken: ct));
            row = await connection.QuerySingleAsync<Row>(new CommandDefinition(Select, new { userId }, transaction, cancellationToken: ct));
        }
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(keys.Unwrap(new WrappedKey(row.KeyId, row.WrappedPrivateKey)), out _);
        return key;
    }
}
