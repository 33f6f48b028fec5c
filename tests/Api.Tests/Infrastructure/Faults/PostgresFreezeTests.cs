using System.Net;

namespace Atrium.Api.Tests.Infrastructure.Faults;

/// <summary>
/// A PostgreSQL that hangs instead of dying: its sockets stay open and nothing answers. Requests must end
/// with a 503 after the configured timeouts, not wait on the server for as long as it hangs.
/// </summary>
public sealed class PostgresFreezeTests(PostgresFreezeTests.Factory factory) : IClassFixture<PostgresFreezeTests.Factory>
{
    public sealed class Factory : PrivatePostgresFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Database:ConnectTimeoutSeconds"] = "2";
            settings["Database:CommandTimeoutSeconds"] = "2";
            return settings;
        }
    }

    /// <summary>Far longer than the timeouts above plus Npgsql's cancellation wait, far shorter than a hang.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Statements_on_pooled_connections_and_new_connections_to_a_frozen_server_answer_503_and_recover_on_thaw()
    {
        var user = await factory.RegisterAndLoginAsync("Frida");
        // Warm the pool: the first request below runs on a pooled connection to a backend that freezes.
        await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);

        await factory.Postgres.FreezeAsync();
        try
        {
            // Enough requests, at once, to use every pooled connection and then ask for new ones.
            var requests = Enumerable.Range(0, 6).Select(async _ =>
            {
                using var patience = new CancellationTokenSource(Patience);
                return await user.Client.GetAsync("/api/v1/me", patience.Token);
            });
            foreach (var response in await Task.WhenAll(requests))
            {
                await response.ExpectProblem(HttpStatusCode.ServiceUnavailable, "database_unavailable");
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }
        finally
        {
            await factory.Postgres.ThawAsync();
        }

        HttpStatusCode status = 0;
        for (var attempt = 0; attempt < 30 && status != HttpStatusCode.OK; attempt++)
        {
            var me = await user.Client.GetAsync("/api/v1/me");
            status = me.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await me.ExpectProblem(HttpStatusCode.ServiceUnavailable, "database_unavailable");
                await Task.Delay(200);
            }
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
