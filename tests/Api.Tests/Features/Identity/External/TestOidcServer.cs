using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Atrium.Api.Tests.Features.Identity.External;

/// <summary>Who the test provider says signs in next, or the error it answers instead.</summary>
public sealed record NextSignIn(string Subject, string? Email, bool EmailVerified, string? Name = null, string? Error = null);

/// <summary>
/// A real OpenID Connect provider in the test process: OpenIddict's server on Kestrel (127.0.0.1, a free port),
/// authorization code flow with PKCE required, discovery, JWKS and signed id_tokens carrying the request's nonce.
/// Its authorization and token endpoints run in passthrough mode: the authorization endpoint signs in
/// <see cref="Next"/> (set by each test) at once, with no login page. No stores (degraded mode): the client
/// and its secret are checked by the two handlers below.
/// </summary>
public sealed class TestOidcServer : IAsyncDisposable
{
    public const string ClientId = "atrium-test";
    public const string ClientSecret = "test-client-secret";

    private WebApplication? _app;

    public Uri Issuer { get; private set; } = null!;

    private volatile NextSignIn _next = new("nobody", null, false);

    public NextSignIn Next { get => _next; set => _next = value; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            options.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
            options.EnableDegradedMode();
            options.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                .DisableTransportSecurityRequirement();
            options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                else if (context.RedirectUri is null || !context.RedirectUri.StartsWith("http://localhost/api/v1/auth/external/", StringComparison.Ordinal))
                    context.Reject(Errors.InvalidRequest, "Unknown redirect_uri.");
                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret)
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                return default;
            }));
        });

        _app = builder.Build();
        _app.MapGet("/connect/authorize", (Func<HttpContext, IResult>)Authorize);
        _app.MapPost("/connect/token", (Func<HttpContext, Task<IResult>>)Token);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Issuer = new Uri(address.TrimEnd('/') + "/");

        // Generate the keys and compile the endpoints before the first dance, so its clock runs on the dance alone.
        using var warmUp = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        (await warmUp.GetAsync(new Uri(Issuer, ".well-known/openid-configuration"))).EnsureSuccessStatusCode();
        (await warmUp.GetAsync(new Uri(Issuer, ".well-known/jwks"))).EnsureSuccessStatusCode();
    }

    private IResult Authorize(HttpContext http)
    {
        var next = Next;
        if (next.Error is { } error)
            return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The test provider said no.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

        var request = http.GetOpenIddictServerRequest()!;
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, next.Subject));
        if (next.Email is not null)
            identity.AddClaim(new Claim(Claims.Email, next.Email));
        identity.AddClaim(new Claim(Claims.EmailVerified, next.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
        if (next.Name is not null)
            identity.AddClaim(new Claim(Claims.Name, next.Name));
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> Token(HttpContext http)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal!;
        principal.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(principal, null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
