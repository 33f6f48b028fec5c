using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure.Crypto;

/// <summary>A key wrapped by a master key: the id of that master key and nonce ‖ ciphertext ‖ tag.</summary>
public readonly record struct WrappedKey(string KeyId, byte[] Bytes);

/// <summary>
/// Wraps and unwraps secrets (data keys, private keys) with AES-256-GCM under the master keys. The key id is
/// authenticated data, so a wrapped key moved under another id does not open.
/// </summary>
public sealed class KeyRing
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly Dictionary<string, byte[]> _keys;

    public KeyRing(IOptions<EncryptionOptions> options)
    {
        ActiveKeyId = options.Value.ActiveKeyId;
        _keys = options.Value.Keys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value), StringComparer.Ordinal);
    }

    public string ActiveKeyId { get; }

    internal static bool TryDecode(string value, out byte[] key)
    {
        key = [];
        try
        {
            key = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return false;
        }
        return key.Length == 32;
    }

    public WrappedKey Wrap(ReadOnlySpan<byte> secret)
    {
        var output = new byte[NonceBytes + secret.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[ActiveKeyId], TagBytes);
        aes.Encrypt(nonce, secret, output.AsSpan(NonceBytes, secret.Length), output.AsSpan(NonceBytes + secret.Length), Encoding.UTF8.GetBytes(ActiveKeyId));
        return new WrappedKey(ActiveKeyId, output);
    }

    /// <summary>The secret; <see cref="CryptographicException"/> for an unknown key id or a wrapping that does not authenticate.</summary>
    public byte[] Unwrap(WrappedKey wrapped)
    {
        if (!_keys.TryGetValue(wrapped.KeyId, out var master))
            throw new CryptographicException($"The master key '{wrapped.KeyId}' is not configured.");
        if (wrapped.Bytes.Length < NonceBytes + TagBytes)
            throw new CryptographicException("The wrapped key is too short.");
        var length = wrapped.Bytes.Length - NonceBytes - TagBytes;
        var secret = new byte[length];
        using var aes = new AesGcm(master, TagBytes);
        aes.Decrypt(wrapped.Bytes.AsSpan(0, NonceBytes), wrapped.Bytes.AsSpan(NonceBytes, length),
            wrapped.Bytes.AsSpan(NonceBytes + length), secret, Encoding.UTF8.GetBytes(wrapped.KeyId));
        return secret;
    }
}

/// <summary>
/// AES-256-GCM over content cut in chunks: chunk i is sealed with nonce = base nonce xor i (in the last
/// four bytes) and its index as authenticated data, so chunks cannot be reordered or swapped.
/// </summary>
public static class ChunkCipher
{
    public const int TagBytes = 16;
    public const int NonceBytes = 12;

    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(32);

    public static byte[] NewBaseNonce() => RandomNumberGenerator.GetBytes(NonceBytes);

    private static void Derive(ReadOnlySpan<byte> baseNonce, int index, Span<byte> nonce, Span<byte> aad)
    {
        baseNonce.CopyTo(nonce);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(aad, index);
        for (var i = 0; i < 4; i++)
            nonce[NonceBytes - 4 + i] ^= aad[i];
    }

    /// <summary>Seals <paramref name="plain"/> into <paramref name="sealed"/> (length plain + 16).</summary>
    public static void Seal(AesGcm aes, ReadOnlySpan<byte> baseNonce, int index, ReadOnlySpan<byte> plain, Span<byte> @sealed)
    {
        Span<byte> nonce = stackalloc byte[NonceBytes];
        Span<byte> aad = stackalloc byte[4];
        Derive(baseNonce, index, nonce, aad);
        aes.Encrypt(nonce, plain, @sealed[..plain.Length], @sealed.Slice(plain.Length, TagBytes), aad);
    }

    /// <summary>Opens a sealed chunk into <paramref name="plain"/> (length sealed − 16); throws when it does not authenticate.</summary>
    public static void Open(AesGcm aes, ReadOnlySpan<byte> baseNonce, int index, ReadOnlySpan<byte> @sealed, Span<byte> plain)
    {
        Span<byte> nonce = stackalloc byte[NonceBytes];
        Span<byte> aad = stackalloc byte[4];
        Derive(baseNonce, index, nonce, aad);
        var length = @sealed.Length - TagBytes;
        aes.Decrypt(nonce, @sealed[..length], @sealed.Slice(length, TagBytes), plain[..length], aad);
    }
}

public static class CryptoSetup
{
    public static IServiceCollection AddEncryptionAtRest(this IServiceCollection services)
    {
        services.AddOptions<EncryptionOptions>().BindConfiguration(EncryptionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EncryptionOptions>, EncryptionOptionsValidator>();
        services.AddSingleton<KeyRing>();
        return services;
    }
}
