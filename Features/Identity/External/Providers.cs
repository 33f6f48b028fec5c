using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Identity.External;

/// <summary>Looks a provider named in a route up among the ones switched on.</summary>
public static class Providers
{
    /// <summary>The configured name of an enabled provider, or null.</summary>
    public static string? Find(ExternalAuthOptions options, string? name) =>
        ProviderNames.IsWellFormed(name) ? options.Enabled.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.Ordinal)) : null;

    /// <summary>A return URL a client asked for must be one of the configured ones, exactly.</summary>
    public static bool ReturnUrlAllowed(ExternalAuthOptions options, string? returnUrl) =>
        string.IsNullOrEmpty(returnUrl) || options.ReturnUrls.Contains(returnUrl, StringComparer.Ordinal);

    public static ProblemHttpResult ReturnUrlNotAllowed() =>
        Problems.Invalid("return_url", "return_url_not_allowed", "return_url must be one of the configured ExternalAuth:ReturnUrls.");

    public static ProblemHttpResult NotFound(string? name) =>
        Problems.NotFound("provider_not_found", $"No sign-in provider '{(name is { Length: <= 40 } ? name : "?")}' is switched on.");
}
