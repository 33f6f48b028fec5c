using System.ComponentModel.DataAnnotations;
using System.Net;
using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
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

public static class HttpSetup
{
    public static IServiceCollection AddHttpEdge(this IServiceCollection services)
    {
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpOptions>>((o, http) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the operator's proxies are believed (the defaults are loopback). The header is read from
            // the right, through known proxies, and stops at the first address that is not one of them: a
            // client's own X-Forwarded-For is never taken for its address.
            var settings = http.Value;
            if (settings.KnownProxies.Length > 0 || settings.KnownNetworks.Length > 0)
            {
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var proxy in settings.KnownProxies)
                    o.KnownProxies.Add(IPAddress.Parse(proxy));
                foreach (var network in settings.KnownNetworks)
                    o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            o.ForwardLimit = null;
        });
        return services;
    }

    public static WebApplication UseForwardedHeadersWhenTrusted(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.TrustForwardedHeaders)
            app.UseForwardedHeaders();
        return app;
    }

    /// <summary>
    /// 400 <c>invalid_text</c> for a query string whose names or values hold a NUL character (see
    /// <see cref="Json.NulFreeText"/>): such a value must never reach PostgreSQL. Path segments and headers
    /// with a NUL are refused by the server itself.
    /// </summary>
    public static WebApplication UseNulFreeQueryStrings(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var refused = context.Request.Query
                .Where(p => p.Key.Contains('\0') || p.Value.Any(v => v is not null && v.Contains('\0')))
                .Select(p => p.Key.Replace("\0", "", StringComparison.Ordinal))
                .ToList();
            if (refused.Count == 0)
            {
                await next();
                return;
            }
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            var errors = refused.ToDictionary(name => name, name => new[] { Json.NulFreeText.MessageFor(name) });
            var problem = new HttpValidationProblemDetails(errors)
            {
                Status = 400,
                Title = Problems.TitleOf(400),
                Detail = Json.NulFreeText.MessageFor(refused[0]),
            };
            problem.Extensions["code"] = Json.NulFreeText.Code;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
        });
        return app;
    }

    /// <summary>
    /// 413 problem for a body over the limit: at once when Content-Length says so, and while reading
    /// otherwise (the server's own limit is lowered to the same value). Runs after routing, so an
    /// endpoint's own <see cref="IRequestSizeLimitMetadata"/> wins.
    /// </summary>
    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        var defaultLimit = app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.MaxRequestBodyBytes;
        app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? defaultLimit;
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                var problem = new ProblemDetails
                {
                    Status = 413,
                    Title = Problems.TitleOf(413),
                    Detail = $"The request body is larger than {limit} bytes.",
                };
                problem.Extensions["code"] = "payload_too_large";
                await context.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = limit;
            await next();
        });
        return app;
    }
}
