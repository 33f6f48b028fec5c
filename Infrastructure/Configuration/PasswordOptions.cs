using System.ComponentModel.DataAnnotations;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>Password hashing settings (section <c>Passwords</c>).</summary>
public sealed class PasswordOptions
{
    public const string Section = "Passwords";

    /// <summary>BCrypt work factor; hashes with a lower one are upgraded on the next login.</summary>
    [Range(4, 16)] public int BcryptCost { get; set; } = 12;

    [Range(8, 72)] public int MinLength { get; set; } = 8;

    /// <summary>How many hashes may run at once; 0 means one per processor.</summary>
    [Range(0, 256)] public int MaxConcurrentHashes { get; set; }
}
