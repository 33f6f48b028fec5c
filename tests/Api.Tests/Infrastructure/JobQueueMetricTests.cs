using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Atrium.Api.Infrastructure.Jobs;
using Atrium.Api.Tests.Features.Identity;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>The job queue gauge: ready, delayed and failed rows of the outbox, scraped at /metrics, read from the database at most every N seconds.</summary>
public sealed partial class JobQueueMetricTests(ClockFactory factory) : IClassFixture<ClockFactory>
{
    private const string Insert = """
        insert into jobs (kind, payload, status, run_at, finished_at)
        values ('test.metric', '{}', @status, now() + make_interval(secs => @inSeconds), case when @status = 'pending' then null else now() end)
        """;

    [GeneratedRegex("""^atrium_jobs_queue\w*\{[^}]*state="(?<state>[a-z]+)"[^}]*\} (?<value>[0-9.e+]+)""", RegexOptions.Multiline)]
    private static partial Regex Line();

    /// <summary>
    /// The values scraped per state. Meters are seen process-wide, so while other test hosts live their gauges show up
    /// here too (each reading its own database): this host's value is one of the values of its state.
    /// </summary>
    private async Task<ILookup<string, double>> ScrapeAsync()
    {
        var response = await factory.Anonymous().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var lines = Line().Matches(text).ToList();
        Assert.True(lines.Count >= 3, text);
        return lines.ToLookup(m => m.Groups["state"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_scrape_shows_ready_delayed_and_failed_jobs_read_at_most_every_refresh()
    {
        await using (var db = await factory.OpenDatabaseAsync())
        {
            await db.ExecuteAsync(Insert, new { status = "pending", inSeconds = -60 });
            await db.ExecuteAsync(Insert, new { status = "pending", inSeconds = -5 });
            await db.ExecuteAsync(Insert, new { status = "pending", inSeconds = 3600 });
            await db.ExecuteAsync(Insert, new { status = "parked", inSeconds = 0 });
        }
        var first = await ScrapeAsync();
        Assert.Contains(2, first["ready"]);
        Assert.Contains(1, first["delayed"]);
        Assert.Contains(1, first["failed"]);

        var gauge = factory.Services.GetRequiredService<JobQueueGauge>();
        var readings = gauge.Readings;
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync(Insert, new { status = "parked", inSeconds = 0 });
        // Within the refresh interval a scrape answers the last reading without asking the database.
        Assert.DoesNotContain(2, (await ScrapeAsync())["failed"]);
        Assert.Equal(readings, gauge.Readings);

        factory.Clock.Advance(TimeSpan.FromSeconds(16));
        await JobKit.EventuallyAsync(async () => (await ScrapeAsync())["failed"].Contains(2), "the gauge reads the new parked row");
        Assert.Equal(readings + 1, gauge.Readings);
    }
}
