using Atrium.Api.Infrastructure.Jobs;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Atrium.Api.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry: traces of ASP.NET Core, and of Npgsql and Redis when exported; metrics of requests (duration), the Npgsql pool,
/// the runtime and the job queue (<see cref="JobQueueGauge"/>). With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set both go out over OTLP (the standard <c>OTEL_*</c> variables
/// apply); otherwise metrics are scraped at <see cref="MetricsPath"/> in Prometheus format. Problem details carry
/// the trace's id as <c>trace_id</c>, and a <c>traceparent</c> sent by the caller continues its trace.
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "atrium-api";
    public const string MetricsPath = "/metrics";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static bool UsesOtlp(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);

    public static IServiceCollection AddAtriumTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = UsesOtlp(configuration);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath));
                // Spans of every SQL statement and Redis command only when they go somewhere: recorded for no exporter,
                // they cost each request CPU on the hot path (the request's own activity still names the trace).
                if (otlp)
                    tracing.AddNpgsql().AddRedisInstrumentation().AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddMeter("Npgsql")
                    .AddMeter(JobQueueGauge.MeterName, JobQueueGauge.MeterName + ".*")
                    .AddInstrumentation(sp => sp.GetRequiredService<JobQueueGauge>())
                    .AddRuntimeInstrumentation();
                if (otlp)
                    metrics.AddOtlpExporter();
                else
                    metrics.AddPrometheusExporter();
            });
        return services;
    }

    /// <summary>The Prometheus scrape endpoint, when metrics do not go out over OTLP.</summary>
    public static IEndpointRouteBuilder MapAtriumMetrics(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (!UsesOtlp(configuration))
            app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
