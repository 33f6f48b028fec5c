using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure.Http;

/// <summary>HTTP edge settings (section <c>Http</c>).</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>Largest request body accepted by default (an endpoint may declare its own limit).</summary>
    [Range(1024, long.MaxValue)] public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Behind a reverse proxy or ingress: take the client address from X-Forwarded-For, but only when the
    /// connection comes from one of <see cref="KnownProxies"/> or <see cref="KnownNetworks"/>.
    /// </summary>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>Addresses of the proxies whose X-Forwarded-For is believed (none: loopback only).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) of the proxies whose X-Forwarded-For is believed.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>Origins a browser may call the API from (CORS), e.g. <c>https://app.example.com</c>; none: no cross-origin calls.</summary>
    public string[] CorsOrigins { get; set; } = [];
}

public sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var wrong = options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Concat(options.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            .ToList();
        return wrong.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Http:KnownProxies must be IP addresses and Http:KnownNetworks CIDR networks; not: " + string.Join(", ", wrong));
    }
}
