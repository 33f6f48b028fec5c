using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure.Http;

/// <summary>
/// What browsers and HTTP clients expect of a JSON API: CORS for the origins of <see cref="HttpOptions.CorsOrigins"/>
/// (preflight answered), br/gzip compression of JSON answers, and <c>HEAD</c> on every <c>GET</c> route.
/// </summary>
public static class WebConventions
{
    public const string CorsPolicy = "atrium";

    /// <summary>The headers a browser client may read from an answer.</summary>
    public static readonly string[] ExposedHeaders = ["ETag", "Location", "Retry-After", "X-Request-Id"];

    public static IServiceCollection AddWebConventions(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<HttpOptions>>((cors, http) =>
            cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(http.Value.CorsOrigins)
                .AllowAnyMethod()
                .AllowAnyHeader()
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        services.AddResponseCompression(options =>
        {
            // TLS ends at the ingress; over HTTPS nothing is compressed (BREACH), the framework's default.
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["application/json", "application/problem+json"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    public static WebApplication UseWebConventions(this WebApplication app)
    {
        app.UseResponseCompression();
        app.UseCors(CorsPolicy);
        app.Use(async (context, next) =>
        {
            // HEAD is GET without the body: the same status and headers, routed to the GET endpoint.
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }
            context.Request.Method = HttpMethods.Get;
            var body = context.Response.Body;
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
                context.Request.Method = HttpMethods.Head;
            }
        });
        return app;
    }
}
