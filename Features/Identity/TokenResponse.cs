using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Identity;

/// <summary>What a successful login or refresh returns.</summary>
public sealed record TokenResponse(string AccessToken, string RefreshToken,
    [property: OneOf(typeof(TokenResponse), nameof(TokenResponse.TokenTypes))] string TokenType, int ExpiresIn, string SessionId)
{
    /// <summary>The one token type: the access token goes in <c>Authorization: Bearer</c>.</summary>
    public static readonly IReadOnlyList<string> TokenTypes = ["bearer"];

    public static TokenResponse Of(IssuedAccessToken access, string refreshToken, string sessionId) =>
        new(access.Token, refreshToken, TokenTypes[0], access.ExpiresInSeconds, sessionId);

    /// <summary>Opens a session for a person who has proved who they are, and the tokens naming it.</summary>
    public static async Task<TokenResponse> OpenSessionAsync(long userId, HttpContext http, SessionStore sessions, TokenIssuer tokens)
    {
        var session = await sessions.CreateAsync(userId, Infrastructure.Http.ClientInfo.IpOf(http), Infrastructure.Http.ClientInfo.UserAgentOf(http));
        var access = tokens.IssueAccessToken(userId, session.Id, session.AbsoluteExpiry);
        return Of(access, session.RefreshToken, session.Id);
    }
}

/// <summary>A login that needs the code mailed to the account: send it with <c>challenge_id</c> to <c>POST /auth/login/otp</c>.</summary>
public sealed record OtpChallengeResponse(bool OtpRequired, string ChallengeId, int ExpiresIn);
