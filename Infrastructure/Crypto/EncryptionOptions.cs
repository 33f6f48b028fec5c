using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure.Crypto;

/// <summary>
/// Master keys for encryption at rest (section <c>Encryption</c>): <c>Keys</c> maps a key id to 32 bytes in
/// base64, <c>ActiveKeyId</c> names the one that wraps new keys. Older ids stay listed until the
/// <c>rewrap-keys</c> command has moved every wrapped key to the active one.
/// </summary>
public sealed class EncryptionOptions
{
    public const string Section = "Encryption";

    [Required] public string ActiveKeyId { get; set; } = "";

    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);
}

public sealed class EncryptionOptionsValidator : IValidateOptions<EncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, EncryptionOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ActiveKeyId) || !options.Keys.ContainsKey(options.ActiveKeyId))
            return ValidateOptionsResult.Fail("Encryption:ActiveKeyId must name one of Encryption:Keys (set Encryption__ActiveKeyId and Encryption__Keys__<id>).");
        foreach (var (id, value) in options.Keys)
        {
            if (!KeyRing.TryDecode(value, out _))
                return ValidateOptionsResult.Fail($"Encryption:Keys:{id} must be 32 bytes in base64.");
            if (id.Length is 0 or > 64)
                return ValidateOptionsResult.Fail("An encryption key id is 1–64 characters.");
        }
        return ValidateOptionsResult.Success;
    }
}
