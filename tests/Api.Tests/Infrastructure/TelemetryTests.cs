using System.Net;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>Traces continue the caller's, problems name the trace, metrics are scraped in Prometheus format.</summary>
public sealed class TelemetryTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_traceparent_continues_its_trace_and_the_problem_names_it()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        var problem = await (await factory.Anonymous().SendAsync(request)).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(traceId, (string?)problem["trace_id"]);
    }

    [Fact]
    public async Task Request_durations_and_the_database_pool_are_scraped_at_metrics()
    {
        await (await factory.Anonymous().GetAsync("/health/ready")).Expect(HttpStatusCode.OK);
        var response = await factory.Anonymous().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("db_client_connection", text, StringComparison.Ordinal);
    }
}
