using System.Text;

namespace Atrium.Api.Infrastructure.Auth;

/// <summary>Pure password rules. BCrypt reads only 72 bytes, so longer passwords are refused, never truncated.</summary>
public static class PasswordPolicy
{
    public const int MaxBytes = 72;

    /// <summary>The reason <paramref name="password"/> is refused, or null when it is acceptable.</summary>
    public static string? Check(string? password, int minLength)
    {
        if (string.IsNullOrEmpty(password))
            return "Password is required.";
        if (password.Length < minLength)
            return $"Password must be at least {minLength} characters long.";
        if (Encoding.UTF8.GetByteCount(password) > MaxBytes)
            return $"Password must be at most {MaxBytes} bytes in UTF-8.";
        if (string.IsNullOrWhiteSpace(password))
            return "Password cannot be only whitespace.";
        return null;
    }
}
