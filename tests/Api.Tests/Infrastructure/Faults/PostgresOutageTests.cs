using System.Net;
using Microsoft.Extensions.Logging;

namespace Atrium.Api.Tests.Infrastructure.Faults;

/// <summary>The service on a PostgreSQL of its own, which the test stops the hard way and starts again.</summary>
public sealed class PostgresOutageTests(PrivatePostgresFactory factory) : IClassFixture<PrivatePostgresFactory>
{
    [Fact]
    public async Task While_postgresql_is_down_requests_answer_503_with_retry_after_and_log_one_warning_line_each()
    {
        var user = await factory.RegisterAndLoginAsync("Olga");
        await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        var anonymous = factory.Anonymous();

        await factory.Postgres.StopImmediatelyAsync();
        factory.Logs.Clear();
        const int rounds = 5;
        try
        {
            for (var i = 0; i < rounds; i++)
            {
                var me = await user.Client.GetAsync("/api/v1/me");
                await me.ExpectProblem(HttpStatusCode.ServiceUnavailable, "database_unavailable");
                Assert.Equal(TimeSpan.FromSeconds(5), me.Headers.RetryAfter?.Delta);

                var register = await anonymous.PostJson("/api/v1/auth/register",
                    new { email = $"down.{i}.{Guid.NewGuid():N}@example.com", password = Users.DefaultPassword, name = "Down" });
                var problem = await register.ExpectProblem(HttpStatusCode.ServiceUnavailable, "database_unavailable");
                Assert.NotNull(register.Headers.RetryAfter);
                Assert.Equal(5, (int)problem["retry_after"]!);
            }
        }
        finally
        {
            await factory.Postgres.StartAgainAsync();
        }

        var lines = factory.Logs.Lines;
        Assert.DoesNotContain(lines, l => l.Level >= LogLevel.Error);
        Assert.DoesNotContain(lines, l => l.Exception is not null);
        Assert.Equal(2 * rounds, lines.Count(l => l.Message.Contains("database_unavailable", StringComparison.Ordinal)));

        // Back up: pooled connections broken by the crash are dropped and the service answers again.
        HttpStatusCode status = 0;
        for (var attempt = 0; attempt < 20 && status != HttpStatusCode.OK; attempt++)
        {
            var me = await user.Client.GetAsync("/api/v1/me");
            status = me.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await me.ExpectProblem(HttpStatusCode.ServiceUnavailable, "database_unavailable");
                await Task.Delay(100);
            }
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
