using System.Security.Claims;

namespace Atrium.Api.Infrastructure.Auth;

public static class AtriumClaims
{
    public const string Subject = "sub";
    public const string SessionId = "sid";
    /// <summary>Unix seconds of the session's absolute end, for clients; the server reads the end from the session itself.</summary>
    public const string SessionAbsoluteExpiry = "sae";

    public static long UserId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(Subject) ?? throw new InvalidOperationException("No authenticated user."),
            System.Globalization.CultureInfo.InvariantCulture);

    public static string SessionIdOf(this ClaimsPrincipal user) =>
        user.FindFirstValue(SessionId) ?? throw new InvalidOperationException("No session.");
}
