using System.Security.Claims;

namespace Atrium.Api.Infrastructure.Auth;

public static class AtriumClaims
{
    public const string Subject = "sub";
    public const string SessionId = "sid";
    /// <summary>Unix seconds after which the session may not be renewed (its absolute lifetime).</summary>
    public const string SessionAbsoluteExpiry = "sae";

    public static long UserId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(Subject) ?? throw new InvalidOperationException("No authenticated user."),
            System.Globalization.CultureInfo.InvariantCulture);

    public static string SessionIdOf(this ClaimsPrincipal user) =>
        user.FindFirstValue(SessionId) ?? throw new InvalidOperationException("No session.");
}
