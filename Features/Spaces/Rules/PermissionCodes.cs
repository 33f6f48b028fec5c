using System.Text.RegularExpressions;

namespace Atrium.Api.Features.Spaces.Rules;

/// <summary>The shape of a permission code: dotted lower-case words, such as <c>reports.export</c>.</summary>
public static partial class PermissionCodes
{
    public const int MaxLength = 100;

    [GeneratedRegex(@"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool IsValid(string? code) => code is { Length: > 0 and <= MaxLength } && Shape().IsMatch(code);
}
