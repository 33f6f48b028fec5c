using System.Text.RegularExpressions;
using Atrium.Api.Infrastructure.Auth;
using FluentValidation;

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

    /// <summary>The password policy as a validation rule (length, 72-byte BCrypt limit, not blank).</summary>
    public static IRuleBuilderOptionsConditions<T, string> AcceptablePassword<T>(this IRuleBuilder<T, string> rule, int minLength) =>
        rule.Custom((password, context) =>
        {
            if (PasswordPolicy.Check(password, minLength) is { } reason)
                context.AddFailure(reason);
        });
}
