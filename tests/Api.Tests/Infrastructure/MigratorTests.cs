using Atrium.Api.Infrastructure.Database;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Atrium.Api.Tests.Infrastructure;

public sealed class MigratorTests
{
    /// <summary>Two replicas starting at once: the advisory lock makes one wait, and each script runs exactly once.</summary>
    [Fact]
    public async Task Concurrent_migrations_apply_every_script_exactly_once()
    {
        var (postgres, _) = await TestServers.GetAsync();
        var name = "atrium_m_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(TemplateDatabase.ConnectionStringFor(postgres, "postgres", pooling: false)))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"create database {name}");
        }

        try
        {
            var connectionString = TemplateDatabase.ConnectionStringFor(postgres, name, pooling: false);
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString })
                .Build();
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            Migrator NewMigrator() => new(configuration, NullLogger<Migrator>.Instance);

            var results = await Task.WhenAll(NewMigrator().MigrateAsync(), NewMigrator().MigrateAsync());

            Assert.All(results, r => Assert.True(r.Successful, r.Error));
            Assert.Equal(Migrator.ScriptNames().Count, results.Sum(r => r.Applied.Count));
            await using var db = await dataSource.OpenConnectionAsync();
            Assert.Equal(Migrator.ScriptNames().Count, await db.QuerySingleAsync<int>("select count(*) from schemaversions"));

            var again = await NewMigrator().MigrateAsync();
            Assert.True(again.Successful);
            Assert.Empty(again.Applied);
        }
        finally
        {
            await using var admin = new NpgsqlConnection(TemplateDatabase.ConnectionStringFor(postgres, "postgres", pooling: false));
            await admin.OpenAsync();
            await admin.ExecuteAsync($"drop database if exists {name} with (force)");
        }
    }
}
