using System.Security.Cryptography;
using System.Text;
using Atrium.Api.Infrastructure.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>
/// One migrated database per set of migration scripts, named after their hash; every test class clones it
/// (<c>create database … template …</c>) so classes run in parallel and never see each other's rows.
/// </summary>
public static class TemplateDatabase
{
    private static readonly Lazy<Task<string>> Template = new(CreateAsync);
    private static readonly SemaphoreSlim CloneGate = new(1, 1);

    public static async Task<string> CloneAsync()
    {
        var template = await Template.Value;
        var (postgres, _) = await TestServers.GetAsync();
        var name = "atrium_t_" + Guid.NewGuid().ToString("N")[..16];
        await CloneGate.WaitAsync();
        try
        {
            await ExecuteAsync(postgres, $"create database {name} template {template}");
        }
        finally
        {
            CloneGate.Release();
        }
        return name;
    }

    public static async Task DropAsync(string name)
    {
        var (postgres, _) = await TestServers.GetAsync();
        await ExecuteAsync(postgres, $"drop database if exists {name} with (force)");
    }

    /// <summary>The role the API runs as: data rights only (see <c>Sql/0040_api_role.sql</c>).</summary>
    public const string AppRole = "atrium_app";

    public static string ConnectionStringFor(string baseConnectionString, string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder(baseConnectionString) { Database = database, Pooling = pooling }.ConnectionString;

    /// <summary>The same database as the API's role.</summary>
    public static string AppConnectionStringFor(string baseConnectionString, string database) =>
        new NpgsqlConnectionStringBuilder(baseConnectionString) { Database = database, Username = AppRole, Password = AppRole }.ConnectionString;

    private static async Task<string> CreateAsync()
    {
        var (postgres, _) = await TestServers.GetAsync();
        var name = "atrium_tpl_" + ScriptsHash();

        await using var admin = new NpgsqlConnection(ConnectionStringFor(postgres, "postgres", pooling: false));
        await admin.OpenAsync();
        // Several test processes (or work trees) may start at once: one builds the template, the others wait.
        await using (var take = new NpgsqlCommand("select pg_advisory_lock(7426983)", admin))
            await take.ExecuteNonQueryAsync();
        try
        {
            await using (var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", admin))
            {
                exists.Parameters.AddWithValue("name", name);
                if (await exists.ExecuteScalarAsync() is not null)
                    return name;
            }

            // The service under test connects as the API role, as in production; the role is the cluster's, shared by
            // every clone (the migrations grant it its rights in each database).
            await ExecuteAsync(admin, $"""
                do $$
                begin
                    if not exists (select 1 from pg_roles where rolname = '{AppRole}') then
                        create role {AppRole} login password '{AppRole}';
                    else
                        alter role {AppRole} login password '{AppRole}';
                    end if;
                end
                $$
                """);

            var building = name + "_new";
            await ExecuteAsync(admin, $"drop database if exists {building} with (force)");
            await ExecuteAsync(admin, $"create database {building}");
            var connectionString = ConnectionStringFor(postgres, building, pooling: false);
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString })
                .Build();
            var result = await new Migrator(configuration, NullLogger<Migrator>.Instance).MigrateAsync();
            if (!result.Successful)
                throw new InvalidOperationException("Migrating the test template failed: " + result.Error);
            await ExecuteAsync(admin, $"alter database {building} rename to {name}");
            return name;
        }
        finally
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock(7426983)", admin);
            await release.ExecuteNonQueryAsync();
        }
    }

    private static string ScriptsHash()
    {
        var assembly = typeof(Migrator).Assembly;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var script in Migrator.ScriptNames())
        {
            sha.AppendData(Encoding.UTF8.GetBytes(script));
            using var stream = assembly.GetManifestResourceStream(script)!;
            using var reader = new StreamReader(stream);
            sha.AppendData(Encoding.UTF8.GetBytes(reader.ReadToEnd()));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor(connectionString, "postgres", pooling: false));
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
