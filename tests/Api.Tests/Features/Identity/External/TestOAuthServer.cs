using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Api.Tests.Features.Identity.External;

/// <summary>Who GitHub or Yandex says signs in next: the account id, its address and whether the provider verified it, or an error.</summary>
public sealed record NextOAuthSignIn(string Id, string? Email, bool Verified, string? Name = null, string? Error = null);

/// <summary>
/// A real HTTP server in the test process (Kestrel on a free port of 127.0.0.1) that plays GitHub's and Yandex's OAuth 2.0
/// endpoints the way Atrium calls them: the authorization endpoint redirects at once with a one-time code bound to the
/// client, the redirect URI and the PKCE challenge; the token endpoint checks the client secret, the code and the PKCE
/// verifier; the profile endpoints want the token in the provider's own header form (GitHub <c>Bearer</c>, Yandex
/// <c>OAuth</c>). GitHub's profile lives under <c>/github/api/user</c> and <c>/github/api/user/emails</c>; Yandex's under
/// <c>/yandex/info</c>.
/// </summary>
public sealed class TestOAuthServer : IAsyncDisposable
{
    public const string ClientId = "atrium-oauth-test";
    public const string ClientSecret = "oauth-test-secret";

    private sealed record Grant(string Provider, NextOAuthSignIn Who, string RedirectUri, string Challenge);

    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentDictionary<string, Grant> _tokens = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    private volatile NextOAuthSignIn _next = new("0", null, false);

    public NextOAuthSignIn Next { get => _next; set => _next = value; }

    /// <summary>Token requests refused, so a test can see that a wrong verifier or secret would fail the dance.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        foreach (var provider in new[] { "github", "yandex" })
        {
            var authorize = provider == "github" ? "/github/login/oauth/authorize" : "/yandex/authorize";
            var token = provider == "github" ? "/github/login/oauth/access_token" : "/yandex/token";
            _app.MapGet(authorize, (Func<HttpContext, IResult>)(http => Authorize(http, provider)));
            _app.MapPost(token, (Func<HttpContext, Task<IResult>>)(http => TokenAsync(http, provider)));
        }
        _app.MapGet("/github/api/user", (Func<HttpContext, IResult>)(http => Profile(http, "github", "Bearer", who => Results.Json(new
        {
            id = long.Parse(who.Id, System.Globalization.CultureInfo.InvariantCulture),
            login = "octo-" + who.Id,
            name = who.Name,
            email = (string?)null,
        }))));
        _app.MapGet("/github/api/user/emails", (Func<HttpContext, IResult>)(http => Profile(http, "github", "Bearer", who => Results.Json(who.Email is null
            ? Array.Empty<object>()
            : new object[]
            {
                new { email = "secondary." + who.Email, primary = false, verified = true, visibility = (string?)null },
                new { email = who.Email, primary = true, verified = who.Verified, visibility = "private" },
            }))));
        _app.MapGet("/yandex/info", (Func<HttpContext, IResult>)(http => Profile(http, "yandex", "OAuth", who => Results.Json(new
        {
            id = who.Id,
            login = "ya-" + who.Id,
            real_name = who.Name,
            default_email = who.Email,
            emails = who.Email is null ? Array.Empty<string>() : [who.Email],
        }))));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>The settings that point provider <paramref name="name"/> of kind GitHub or Yandex at this server.</summary>
    public void Configure(IDictionary<string, string?> settings, string name, string kind)
    {
        var key = $"ExternalAuth:Providers:{name}:";
        settings[key + "Enabled"] = "true";
        settings[key + "Kind"] = kind;
        settings[key + "DisplayName"] = kind + " (test)";
        settings[key + "ClientId"] = ClientId;
        settings[key + "ClientSecret"] = ClientSecret;
        if (kind == "GitHub")
        {
            settings[key + "AuthorizationEndpoint"] = new Uri(BaseAddress, "github/login/oauth/authorize").ToString();
            settings[key + "TokenEndpoint"] = new Uri(BaseAddress, "github/login/oauth/access_token").ToString();
            settings[key + "UserInformationEndpoint"] = new Uri(BaseAddress, "github/api/user").ToString();
            settings[key + "EmailsEndpoint"] = new Uri(BaseAddress, "github/api/user/emails").ToString();
        }
        else
        {
            settings[key + "AuthorizationEndpoint"] = new Uri(BaseAddress, "yandex/authorize").ToString();
            settings[key + "TokenEndpoint"] = new Uri(BaseAddress, "yandex/token").ToString();
            settings[key + "UserInformationEndpoint"] = new Uri(BaseAddress, "yandex/info?format=json").ToString();
        }
    }

    private IResult Authorize(HttpContext http, string provider)
    {
        var query = http.Request.Query;
        var redirectUri = query["redirect_uri"].ToString();
        if (query["client_id"] != ClientId || !redirectUri.StartsWith("http://localhost/api/v1/auth/external/", StringComparison.Ordinal)
            || query["response_type"] != "code" || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]))
            return Results.BadRequest("bad authorization request");
        var state = query["state"].ToString();
        var who = Next;
        if (who.Error is { } error)
            return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?> { ["error"] = error, ["state"] = state }));
        var code = Guid.NewGuid().ToString("N");
        _codes[code] = new Grant(provider, who, redirectUri, query["code_challenge"].ToString());
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?> { ["code"] = code, ["state"] = state }));
    }

    private async Task<IResult> TokenAsync(HttpContext http, string provider)
    {
        var form = await http.Request.ReadFormAsync();
        string? Refuse(string why)
        {
            Refusals.Enqueue(why);
            return why;
        }
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            return Results.Json(new { error = Refuse("invalid_client") }, statusCode: 401);
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant) || grant.Provider != provider)
            return Results.Json(new { error = Refuse("invalid_grant") }, statusCode: 400);
        var verifier = form["code_verifier"].ToString();
        if (form["redirect_uri"] != grant.RedirectUri
            || WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.Challenge)
            return Results.Json(new { error = Refuse("invalid_grant") }, statusCode: 400);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        _tokens[token] = grant;
        return Results.Json(new { access_token = token, token_type = "bearer", scope = provider == "github" ? "read:user,user:email" : "login:email login:info" });
    }

    private IResult Profile(HttpContext http, string provider, string scheme, Func<NextOAuthSignIn, IResult> answer)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(scheme + " ", StringComparison.Ordinal) || !_tokens.TryGetValue(header[(scheme.Length + 1)..], out var grant)
            || grant.Provider != provider)
            return Results.Json(new { message = "Bad credentials" }, statusCode: 401);
        return answer(grant.Who);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
