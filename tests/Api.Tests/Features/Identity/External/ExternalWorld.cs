using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Atrium.Api.Tests.Features.Identity.External;

/// <summary>
/// Atrium with two providers ("idp" and "idp2") pointing at one real OpenID Connect server of its own, and one
/// client return URL; <see cref="WithoutReturnUrls"/> leaves the return URLs out (the callback answers JSON).
/// </summary>
public class ExternalFactory : AtriumFactory
{
    public const string ReturnUrl = "https://app.example.com/signed-in";

    public TestOidcServer Idp { get; } = new();

    protected virtual bool WithReturnUrls => true;

    protected override Task StartPrivateServersAsync() => Idp.StartAsync();

    protected override Task StopPrivateServersAsync() => Idp.DisposeAsync().AsTask();

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        foreach (var name in new[] { "idp", "idp2" })
        {
            settings[$"ExternalAuth:Providers:{name}:Enabled"] = "true";
            settings[$"ExternalAuth:Providers:{name}:Kind"] = "Oidc";
            settings[$"ExternalAuth:Providers:{name}:DisplayName"] = "Test " + name;
            settings[$"ExternalAuth:Providers:{name}:Issuer"] = Idp.Issuer.ToString();
            settings[$"ExternalAuth:Providers:{name}:ClientId"] = TestOidcServer.ClientId;
            settings[$"ExternalAuth:Providers:{name}:ClientSecret"] = TestOidcServer.ClientSecret;
            settings[$"ExternalAuth:Providers:{name}:RequireHttpsMetadata"] = "false";
        }
        if (WithReturnUrls)
            settings["ExternalAuth:ReturnUrls:0"] = ReturnUrl;
        return settings;
    }

    /// <summary>A browser: follows no redirect on its own, keeps Atrium's cookies in a jar the test can copy.</summary>
    public Browser NewBrowser() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));
}

public sealed class WithoutReturnUrlsFactory : ExternalFactory
{
    protected override bool WithReturnUrls => false;
}

public sealed class Browser(HttpClient atrium) : IDisposable
{
    private readonly HttpClient _provider = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    public Dictionary<string, string> Cookies { get; private set; } = new(StringComparer.Ordinal);

    public HttpClient Atrium => atrium;

    /// <summary>GET a URL of Atrium (relative or http://localhost/…, with the jar) or of the provider (absolute, no cookies).</summary>
    public async Task<HttpResponseMessage> GetAsync(string url)
    {
        var absolute = url.StartsWith("http", StringComparison.Ordinal) ? new Uri(url) : null;
        var toAtrium = absolute is null || absolute.Host == "localhost";
        if (!toAtrium)
            return await _provider.GetAsync(absolute!);

        using var request = new HttpRequestMessage(HttpMethod.Get, absolute is null ? url : absolute.PathAndQuery);
        if (Cookies.Count > 0)
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await atrium.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            foreach (var line in setCookies)
            {
                var pair = line.Split(';')[0];
                var eq = pair.IndexOf('=');
                var (name, value) = (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
                if (value.Length == 0 || line.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                    Cookies.Remove(name);
                else
                    Cookies[name] = value;
            }
        return response;
    }

    public Dictionary<string, string> CopyCookies() => new(Cookies, StringComparer.Ordinal);

    public void RestoreCookies(Dictionary<string, string> cookies) => Cookies = new(cookies, StringComparer.Ordinal);

    /// <summary>Where a redirect points.</summary>
    public static string LocationOf(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found,
            $"Expected a redirect, got {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
        return response.Headers.Location!.ToString();
    }

    /// <summary>Start at Atrium, pass the provider; returns the callback URL the provider sends the browser to.</summary>
    public async Task<string> ToCallbackAsync(string startUrl, Func<string, string>? tamperAuthorizeUrl = null)
    {
        var authorize = LocationOf(await GetAsync(startUrl));
        if (tamperAuthorizeUrl is not null)
            authorize = tamperAuthorizeUrl(authorize);
        return LocationOf(await GetAsync(authorize));
    }

    /// <summary>The whole dance up to the exchange code handed to the client's return URL.</summary>
    public async Task<string> SignInAsync(string provider = "idp")
    {
        var callback = await ToCallbackAsync($"/api/v1/auth/external/{provider}/start");
        var back = LocationOf(await GetAsync(callback));
        Assert.StartsWith(ExternalFactory.ReturnUrl + "?code=", back);
        return QueryHelpers.ParseQuery(new Uri(back).Query)["code"].ToString();
    }

    /// <summary>The whole dance and the exchange: Atrium's tokens.</summary>
    public async Task<JsonNode> SignInForTokensAsync(string provider = "idp")
    {
        var code = await SignInAsync(provider);
        return await (await atrium.PostJson("/api/v1/auth/external/exchange", new { code })).Expect(HttpStatusCode.OK);
    }

    public static string Replace(string url, string parameter, string value)
    {
        var uri = new Uri(url);
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        query[parameter] = value;
        return QueryHelpers.AddQueryString(uri.GetLeftPart(UriPartial.Path), query);
    }

    public void Dispose() => _provider.Dispose();
}
