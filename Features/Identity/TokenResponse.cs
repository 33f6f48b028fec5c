using Atrium.Api.Infrastructure.Auth;

namespace Atrium.Api.Features.Identity;

/// <summary>What a successful login or refresh returns.</summary>
public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn, string SessionId)
{
    public static TokenResponse Of(IssuedAccessToken access, string refreshToken, string sessionId) =>
        new(access.Token, refreshToken, "bearer", access.ExpiresInSeconds, sessionId);
}
