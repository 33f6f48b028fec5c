using System.Globalization;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Api.Infrastructure.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddAtriumAuth(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HashingQueue>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<SessionStore>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwtOptions) =>
            {
                var jwt = jwtOptions.Value;
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = TokenIssuer.KeyOf(jwt),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(5),
                    NameClaimType = AtriumClaims.Subject,
                };
                bearer.Events = new JwtBearerEvents
                {
                    OnTokenValidated = TouchSession,
                    OnChallenge = WriteChallenge,
                    OnForbidden = WriteForbidden,
                };
            });
        services.AddAuthorization();
        return services;
    }

    /// <summary>
    /// A valid JWT is not enough: its session must still live in Redis and belong to the token's subject,
    /// and using it slides the idle timeout (up to the session's own absolute end).
    /// </summary>
    private static async Task TouchSession(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var sid = principal.FindFirst(AtriumClaims.SessionId)?.Value;
        var sub = principal.FindFirst(AtriumClaims.Subject)?.Value;
        if (sid is null || !long.TryParse(sub, CultureInfo.InvariantCulture, out var userId))
        {
            context.Fail("The token does not name a session.");
            return;
        }

        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
        bool alive;
        try
        {
            alive = await sessions.TouchAsync(sid, userId);
        }
        catch (Exception e) when (DependencyFailures.Classify(e) is { } failure)
        {
            // Redis is down: the session cannot be checked, so the caller is not authenticated; the
            // challenge answers 503 instead of 401 (the session may well be alive).
            failure.Log(context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuthSetup)), context.HttpContext);
            context.HttpContext.Items[SessionUncheckedKey] = failure;
            context.Fail("The session could not be checked.");
            return;
        }
        if (!alive)
        {
            context.HttpContext.Items[SessionEndedKey] = true;
            context.Fail("The session has ended.");
        }
    }

    private const string SessionEndedKey = "atrium.session_ended";
    private const string SessionUncheckedKey = "atrium.session_unchecked";

    private static async Task WriteChallenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        if (context.HttpContext.Items[SessionUncheckedKey] is DependencyFailure failure)
        {
            context.Response.StatusCode = failure.Status;
            await WriteProblem(context.HttpContext, failure.ToProblem(context.HttpContext));
            return;
        }
        var (code, detail) = context switch
        {
            _ when context.HttpContext.Items.ContainsKey(SessionEndedKey) => ("session_ended", "The session was revoked or has expired; log in again."),
            { AuthenticateFailure: SecurityTokenExpiredException } => ("token_expired", "The access token has expired; refresh it."),
            { AuthenticateFailure: not null } => ("invalid_token", "The access token is invalid."),
            _ => ("unauthenticated", "A bearer access token is required."),
        };
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblem(context.HttpContext, 401, code, detail);
    }

    private static Task WriteForbidden(ForbiddenContext context) =>
        WriteProblem(context.HttpContext, 403, "forbidden", "You lack the permission for this action.");

    private static async Task WriteProblem(HttpContext http, int status, string code, string detail)
    {
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = Problems.TitleOf(status), Detail = detail };
        problem.Extensions["code"] = code;
        await WriteProblem(http, problem);
    }

    private static async Task WriteProblem(HttpContext http, ProblemDetails problem)
    {
        var writer = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
