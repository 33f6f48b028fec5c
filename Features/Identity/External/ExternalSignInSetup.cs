using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Atrium.Api.Infrastructure.Redis;

namespace Atrium.Api.Features.Identity.External;

/// <summary>
/// One authentication scheme per provider switched on in <see cref="ExternalAuthOptions"/>, added when the
/// scheme provider first reads its options (so settings given at any stage of start-up count). OpenID Connect
/// providers run ASP.NET Core's OpenID Connect handler; GitHub and Yandex its OAuth 2.0 handler. Both use PKCE,
/// a correlation cookie scoped to the callback path and the handler's protected state; OpenID Connect adds the
/// nonce. The handlers never sign anybody in with a cookie: the callback ends in <see cref="ExternalSignIn"/>.
/// </summary>
public static class ExternalSignInSetup
{
    public static string CallbackPath(string provider) => $"/api/v1/auth/external/{provider}/callback";

    public static IServiceCollection AddExternalSignIn(this IServiceCollection services)
    {
        // The protected state crosses API nodes: the keys live in Redis, beside the sessions.
        services.AddDataProtection().SetApplicationName("atrium");
        services.AddOptions<KeyManagementOptions>().Configure<RedisStore>((keys, redis) =>
            keys.XmlRepository = new RedisXmlRepository(() => redis.Db, "data-protection-keys"));

        services.AddWebEncoders();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OAuthOptions>, OAuthPostConfigureOptions<OAuthOptions, OAuthHandler<OAuthOptions>>>());
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<ExternalAuthOptions>>((auth, external) =>
        {
            foreach (var (name, provider) in external.Value.Enabled)
                auth.AddScheme(ProviderNames.SchemeOf(name), scheme =>
                {
                    scheme.DisplayName = provider.DisplayName ?? name;
                    scheme.HandlerType = provider.Kind == ProviderKind.Oidc ? typeof(OpenIdConnectHandler) : typeof(OAuthHandler<OAuthOptions>);
                });
        });
        services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, ConfigureProviders>();
        services.AddSingleton<IConfigureOptions<OAuthOptions>, ConfigureProviders>();
        services.AddSingleton<ExchangeCodes>();
        services.AddScoped<ExternalSignIn>();
        return services;
    }

    private static void Common(RemoteAuthenticationOptions options, string name, ExternalAuthOptions external)
    {
        options.CallbackPath = CallbackPath(name);
        options.SignInScheme = JwtBearerDefaults.AuthenticationScheme; // never reached: the callback is always answered by ExternalSignIn
        options.RemoteAuthenticationTimeout = TimeSpan.FromMinutes(external.RemoteSignInMinutes);
        // The provider sends the browser back with a top-level GET (response_mode=query): Lax is enough,
        // and the cookie follows the request's scheme (HTTPS in production, behind the forwarded headers).
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }

    private sealed class ConfigureProviders(IOptions<ExternalAuthOptions> external)
        : IConfigureNamedOptions<OpenIdConnectOptions>, IConfigureNamedOptions<OAuthOptions>
    {
        public void Configure(OpenIdConnectOptions options) { }

        public void Configure(OAuthOptions options) { }

        private ExternalProviderOptions? ProviderOf(string? scheme, out string name)
        {
            name = "";
            foreach (var (key, provider) in external.Value.Enabled)
                if (ProviderNames.SchemeOf(key) == scheme)
                {
                    name = key;
                    return provider;
                }
            return null;
        }

        public void Configure(string? scheme, OpenIdConnectOptions options)
        {
            if (ProviderOf(scheme, out var name) is not { Kind: ProviderKind.Oidc } provider)
                return;
            Common(options, name, external.Value);
            options.Authority = provider.Issuer;
            options.RequireHttpsMetadata = provider.RequireHttpsMetadata;
            options.ClientId = provider.ClientId;
            options.ClientSecret = provider.ClientSecret;
            options.ResponseType = "code";
            options.ResponseMode = "query";
            options.UsePkce = true;
            options.MapInboundClaims = false;
            options.SaveTokens = false;
            options.GetClaimsFromUserInfoEndpoint = false;
            options.DisableTelemetry = true;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Scope.Clear();
            foreach (var scope in new[] { "openid", "email", "profile" }.Concat(provider.Scopes).Distinct(StringComparer.Ordinal))
                options.Scope.Add(scope);
            options.Events = new OpenIdConnectEvents
            {
                OnTicketReceived = context => context.HttpContext.RequestServices.GetRequiredService<ExternalSignIn>().CompleteAsync(context, name),
                OnRemoteFailure = context => ExternalSignIn.FailAsync(context, name),
                OnAccessDenied = context => ExternalSignIn.DeniedAsync(context, name),
            };
        }

        public void Configure(string? scheme, OAuthOptions options)
        {
            if (ProviderOf(scheme, out var name) is not { Kind: ProviderKind.GitHub or ProviderKind.Yandex } provider)
                return;
            Common(options, name, external.Value);
            options.ClientId = provider.ClientId;
            options.ClientSecret = provider.ClientSecret;
            options.UsePkce = true;
            options.SaveTokens = false;
            options.Scope.Clear();
            string[] own;
            // The providers' own endpoints unless settings name others (GitHub Enterprise, a test double).
            if (provider.Kind == ProviderKind.GitHub)
            {
                options.AuthorizationEndpoint = provider.AuthorizationEndpoint ?? "https://github.com/login/oauth/authorize";
                options.TokenEndpoint = provider.TokenEndpoint ?? "https://github.com/login/oauth/access_token";
                options.UserInformationEndpoint = provider.UserInformationEndpoint ?? "https://api.github.com/user";
                own = ["read:user", "user:email"];
            }
            else
            {
                options.AuthorizationEndpoint = provider.AuthorizationEndpoint ?? "https://oauth.yandex.ru/authorize";
                options.TokenEndpoint = provider.TokenEndpoint ?? "https://oauth.yandex.ru/token";
                options.UserInformationEndpoint = provider.UserInformationEndpoint ?? "https://login.yandex.ru/info?format=json";
                own = ["login:email", "login:info"];
            }
            var emails = provider.EmailsEndpoint ?? "https://api.github.com/user/emails";
            foreach (var scope in own.Concat(provider.Scopes).Distinct(StringComparer.Ordinal))
                options.Scope.Add(scope);
            options.Events = new OAuthEvents
            {
                OnCreatingTicket = context => provider.Kind == ProviderKind.GitHub ? GitHubProfile(context, emails) : YandexProfile(context),
                OnTicketReceived = context => context.HttpContext.RequestServices.GetRequiredService<ExternalSignIn>().CompleteAsync(context, name),
                OnRemoteFailure = context => ExternalSignIn.FailAsync(context, name),
                OnAccessDenied = context => ExternalSignIn.DeniedAsync(context, name),
            };
        }
    }

    private static async Task<JsonElement> GetJsonAsync(OAuthCreatingTicketContext context, string url, string scheme)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, context.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("atrium", "1"));
        using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(context.HttpContext.RequestAborted)).Clone();
    }

    private static void AddProfile(OAuthCreatingTicketContext context, string? subject, string? email, bool verified, string? name)
    {
        if (subject is not null)
            context.Identity!.AddClaim(new Claim(ExternalClaims.Subject, subject));
        if (email is not null)
            context.Identity!.AddClaim(new Claim(ExternalClaims.Email, email));
        context.Identity!.AddClaim(new Claim(ExternalClaims.EmailVerified, verified ? "true" : "false"));
        if (name is not null)
            context.Identity!.AddClaim(new Claim(ExternalClaims.Name, name));
    }

    private static string? Text(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    /// <summary>GitHub: the account's id, and its primary e-mail only when GitHub has verified it.</summary>
    private static async Task GitHubProfile(OAuthCreatingTicketContext context, string emailsEndpoint)
    {
        var user = await GetJsonAsync(context, context.Options.UserInformationEndpoint, "Bearer");
        var emails = await GetJsonAsync(context, emailsEndpoint, "Bearer");
        string? email = null;
        var verified = false;
        if (emails.ValueKind == JsonValueKind.Array)
            foreach (var entry in emails.EnumerateArray())
                if (entry.TryGetProperty("primary", out var primary) && primary.ValueKind == JsonValueKind.True)
                {
                    email = Text(entry, "email");
                    verified = entry.TryGetProperty("verified", out var v) && v.ValueKind == JsonValueKind.True;
                }
        AddProfile(context, Text(user, "id"), email ?? Text(user, "email"), verified && email is not null, Text(user, "name") ?? Text(user, "login"));
    }

    /// <summary>Yandex ID: its id and default address; Yandex does not say the address is verified, so it is taken as not.</summary>
    private static async Task YandexProfile(OAuthCreatingTicketContext context)
    {
        var user = await GetJsonAsync(context, context.Options.UserInformationEndpoint, "OAuth");
        AddProfile(context, Text(user, "id"), Text(user, "default_email"), false, Text(user, "real_name") ?? Text(user, "login"));
    }
}

/// <summary>The claims <see cref="ExternalSignIn"/> reads (OpenID Connect names; the OAuth 2.0 kinds are mapped to them).</summary>
public static class ExternalClaims
{
    public const string Subject = "sub";
    public const string Email = "email";
    public const string EmailVerified = "email_verified";
    public const string Name = "name";
}
