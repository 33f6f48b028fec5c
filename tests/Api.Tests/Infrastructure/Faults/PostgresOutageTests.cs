using System.Net;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Atrium.Api.Tests.Infrastructure.Faults;

/// <summary>The service on a PostgreSQL of its own, which the test stops the hard way and starts again.</summary>
public sealed class PostgresOutageTests(PostgresOutageTests.Factory factory) : IClassFixture<PostgresOutageTests.Factory>
{
    public sealed class Factory : AtriumFactory
    {
        public PrivatePostgres Postgres { get; private set; } = null!;

        protected override async Task StartPrivateServersAsync()
        {
            Postgres = await PrivatePostgres.StartAsync();
            await using (var admin = new NpgsqlConnection(Postgres.ConnectionString("postgres")))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand("create database atrium", admin);
                await create.ExecuteNonQueryAsync();
            }
            var connectionString = Postgres.ConnectionString("atrium");
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString })
                .Build();
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var result = await new Migrator(configuration, NullLogger<Migrator>.Instance).MigrateAsync();
            Assert.True(result.Successful, result.Error);
        }

        protected override Task StopPrivateServersAsync() => Postgres.DisposeAsync().AsTask();

        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["ConnectionStrings:Postgres"] = Postgres.ConnectionString("atrium");
            return settings;
        }
    }

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
