using System.ComponentModel.DataAnnotations;
using Atrium.Api.Infrastructure.Configuration;

namespace Atrium.Api.Features.Identity.External;

/// <summary>The kinds of outside provider Atrium speaks to.</summary>
public enum ProviderKind
{
    /// <summary>Any OpenID Connect provider, found from its issuer's discovery document (Google is one).</summary>
    Oidc,
    /// <summary>GitHub (OAuth 2.0; the verified primary e-mail is read from <c>/user/emails</c>).</summary>
    GitHub,
    /// <summary>Yandex ID (OAuth 2.0; the profile is read from <c>login.yandex.ru/info</c>).</summary>
    Yandex,
}

/// <summary>One outside provider; off unless <see cref="Enabled"/>.</summary>
/// <summary>The kinds as the API writes them (lower case).</summary>
public static class ProviderKinds
{
    public static readonly IReadOnlyList<string> Names = Enum.GetValues<ProviderKind>().Select(Wire).ToList();

    public static string Wire(ProviderKind kind) => kind.ToString().ToLowerInvariant();
}

public sealed class ExternalProviderOptions
{
    public bool Enabled { get; set; }

    public ProviderKind Kind { get; set; } = ProviderKind.Oidc;

    /// <summary>What a sign-in page shows on the button; defaults to the provider's name.</summary>
    [MaxLength(100)] public string? DisplayName { get; set; }

    /// <summary>OpenID Connect issuer (its discovery document is <c>{issuer}/.well-known/openid-configuration</c>).</summary>
    public string? Issuer { get; set; }

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Scopes asked for besides the kind's own (<c>openid email profile</c>, <c>read:user user:email</c>, <c>login:email login:info</c>).</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Metadata must come over HTTPS; only a local test issuer turns this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>OAuth 2.0 kinds: the authorization endpoint, when not the kind's own (an enterprise server, a test double).</summary>
    public string? AuthorizationEndpoint { get; set; }

    /// <summary>OAuth 2.0 kinds: the token endpoint, when not the kind's own.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>OAuth 2.0 kinds: the profile endpoint (GitHub <c>/user</c>, Yandex <c>/info</c>), when not the kind's own.</summary>
    public string? UserInformationEndpoint { get; set; }

    /// <summary>GitHub: the address list endpoint (<c>/user/emails</c>), when not GitHub's own.</summary>
    public string? EmailsEndpoint { get; set; }

    /// <summary>The endpoints set for this provider (null when left to the kind's defaults).</summary>
    public IEnumerable<(string Name, string? Url)> Endpoints() =>
    [
        (nameof(AuthorizationEndpoint), AuthorizationEndpoint), (nameof(TokenEndpoint), TokenEndpoint),
        (nameof(UserInformationEndpoint), UserInformationEndpoint), (nameof(EmailsEndpoint), EmailsEndpoint),
    ];
}

/// <summary>Sign-in with outside providers (section <c>ExternalAuth</c>).</summary>
public sealed class ExternalAuthOptions : IAreaOptions, IValidatableObject
{
    public static string Section => "ExternalAuth";

    /// <summary>Providers by name; the name is the path segment (<c>/auth/external/{name}/start</c>).</summary>
    public Dictionary<string, ExternalProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["google"] = new() { Kind = ProviderKind.Oidc, DisplayName = "Google", Issuer = "https://accounts.google.com" },
        ["github"] = new() { Kind = ProviderKind.GitHub, DisplayName = "GitHub" },
        ["yandex"] = new() { Kind = ProviderKind.Yandex, DisplayName = "Yandex" },
    };

    /// <summary>
    /// Where the browser may be sent back with the one-time exchange code (exact URLs of the clients). The first
    /// is the default; with none, the callback answers the code as JSON.
    /// </summary>
    public List<string> ReturnUrls { get; set; } = [];

    /// <summary>How long an exchange code (and a link ticket) lives.</summary>
    [Range(10, 600)] public int ExchangeCodeSeconds { get; set; } = 60;

    /// <summary>How long the provider may keep the person before the callback (the correlation cookie's life).</summary>
    [Range(1, 60)] public int RemoteSignInMinutes { get; set; } = 10;

    public IEnumerable<KeyValuePair<string, ExternalProviderOptions>> Enabled =>
        Providers.Where(p => p.Value.Enabled).OrderBy(p => p.Key, StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, provider) in Enabled)
        {
            if (!ProviderNames.IsWellFormed(name))
                yield return new ValidationResult($"ExternalAuth:Providers: '{name}' must be 1–32 lower-case letters, digits or '-'.");
            if (string.IsNullOrWhiteSpace(provider.ClientId))
                yield return new ValidationResult($"ExternalAuth:Providers:{name}:ClientId is required.");
            if (provider.Kind == ProviderKind.Oidc && !Uri.TryCreate(provider.Issuer, UriKind.Absolute, out _))
                yield return new ValidationResult($"ExternalAuth:Providers:{name}:Issuer must be an absolute URL.");
            foreach (var (setting, url) in provider.Endpoints())
                if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
                    yield return new ValidationResult($"ExternalAuth:Providers:{name}:{setting} must be an absolute http(s) URL.");
        }
        foreach (var url in ReturnUrls)
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
                yield return new ValidationResult($"ExternalAuth:ReturnUrls: '{url}' must be an absolute http(s) URL without query or fragment.");
    }
}

public static class ProviderNames
{
    public static bool IsWellFormed(string? name) =>
        name is { Length: > 0 and <= 32 } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>The authentication scheme of a provider.</summary>
    public static string SchemeOf(string name) => "external-" + name;
}
