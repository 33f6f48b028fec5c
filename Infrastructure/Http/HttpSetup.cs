using System.Net;
using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure.Http;

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
