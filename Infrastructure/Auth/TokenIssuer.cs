using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Atrium.Api.Infrastructure.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Api.Infrastructure.Auth;

/// <summary>Issues the short-lived access JWT that names its session in <c>sid</c>.</summary>
public sealed class TokenIssuer(IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public static SymmetricSecurityKey KeyOf(JwtOptions jwt) => new(Encoding.UTF8.GetBytes(jwt.SigningKey));

    public IssuedAccessToken IssueAccessToken(long userId, string sessionId, DateTimeOffset sessionAbsoluteExpiry)
    {
        var jwt = options.Value;
        var now = clock.GetUtcNow();
        var expires = now.AddMinutes(jwt.AccessTokenMinutes);
        if (expires > sessionAbsoluteExpiry)
            expires = sessionAbsoluteExpiry;

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(AtriumClaims.Subject, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(AtriumClaims.SessionId, sessionId),
                new Claim(AtriumClaims.SessionAbsoluteExpiry, sessionAbsoluteExpiry.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
            ]),
            SigningCredentials = new SigningCredentials(KeyOf(jwt), SecurityAlgorithms.HmacSha256),
        };
        return new IssuedAccessToken(_handler.CreateToken(descriptor), (int)Math.Max(0, (expires - now).TotalSeconds));
    }
}

public readonly record struct IssuedAccessToken(string Token, int ExpiresInSeconds);

/// <summary>Opaque refresh tokens <c>{session id}.{secret}</c>; only the SHA-256 of the secret is stored.</summary>
public static class RefreshTokens
{
    public static (string Token, string Hash) New(string sessionId)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"{sessionId}.{secret}", HashOf(secret));
    }

    /// <summary>Splits a presented token into its session id and the hash of its secret; null when malformed.</summary>
    public static (string SessionId, string Hash)? Parse(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
            return null;
        var dot = token.IndexOf('.');
        if (dot <= 0 || dot == token.Length - 1 || token.IndexOf('.', dot + 1) >= 0)
            return null;
        var sessionId = token[..dot];
        return SessionIds.IsWellFormed(sessionId) ? (sessionId, HashOf(token[(dot + 1)..])) : null;
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    internal static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public static class SessionIds
{
    public static string New() => RefreshTokens.Base64Url(RandomNumberGenerator.GetBytes(16));

    public static bool IsWellFormed(string? id) =>
        id is { Length: 22 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
