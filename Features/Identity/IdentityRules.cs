using System.Text.RegularExpressions;

namespace Atrium.Api.Features.Identity;

/// <summary>Pure shape rules of accounts, shared by the identity slices.</summary>
public static partial class IdentityRules
{
    public const int MaxEmailLength = 254;

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{3,32}$")]
    private static partial Regex UsernameShape();

    public static bool IsEmail(string? value) =>
        value is { Length: > 0 and <= MaxEmailLength } && EmailShape().IsMatch(value);

    /// <summary>3–32 letters, digits, '_', '.', '-'; never an e-mail, so a login name is never ambiguous.</summary>
    public static bool IsUsername(string? value) => value is not null && UsernameShape().IsMatch(value);
}
