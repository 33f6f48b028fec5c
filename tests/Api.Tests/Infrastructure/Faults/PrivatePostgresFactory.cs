using Atrium.Api.Infrastructure.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Atrium.Api.Tests.Infrastructure.Faults;

/// <summary>The service on a migrated PostgreSQL of its own, which a fault test may stop, freeze and start again.</summary>
public class PrivatePostgresFactory : AtriumFactory
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
