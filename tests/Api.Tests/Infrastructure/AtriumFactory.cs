using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>
/// The service over HTTP in memory, on a database of its own cloned from the migrated template and on
/// a Redis key prefix of its own. One per test class (<c>IClassFixture&lt;AtriumFactory&gt;</c>).
/// Subclasses change settings by overriding <see cref="Settings"/>.
/// </summary>
public class AtriumFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string? _database;
    private string? _postgres;
    private string? _redis;

    public string RedisPrefix { get; } = "t:" + Guid.NewGuid().ToString("N")[..12] + ":";

    public string DatabaseConnectionString =>
        TemplateDatabase.ConnectionStringFor(_postgres ?? throw new InvalidOperationException("Not initialised."), _database!);

    /// <summary>This class's database as the API's role sees it.</summary>
    public string AppConnectionString =>
        TemplateDatabase.AppConnectionStringFor(_postgres ?? throw new InvalidOperationException("Not initialised."), _database!);

    /// <summary>Settings for this factory's service; override to change limits or costs.</summary>
    protected virtual IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Passwords:BcryptCost"] = "5",
        // Many classes hash at once on a busy machine: no refusals from the hashing queue outside its own test.
        ["Passwords:MaxQueuedHashes"] = "10000",
        ["Passwords:MaxHashWaitMilliseconds"] = "60000",
        ["Passwords:HashThreadNice"] = "0",
        ["RateLimits:LoginPerIp:Limit"] = "100000",
        ["RateLimits:LoginPerAccount:Limit"] = "100000",
        ["RateLimits:RefreshPerIp:Limit"] = "100000",
        ["RateLimits:RegisterPerIp:Limit"] = "100000",
        ["RateLimits:PasswordChangePerAccount:Limit"] = "100000",
        // The suite runs many classes at once on a small machine: a 1 s Redis timeout there fails healthy requests.
        // The fault tests set the production value back.
        ["Redis:TimeoutMilliseconds"] = "5000",
        ["Spaces:MemberAddsPerActor:Limit"] = "100000",
        ["Spaces:InvitationsPerActor:Limit"] = "100000",
        ["Spaces:JoinRequestsPerUser:Limit"] = "100000",
        ["RateLimits:CodePerIp:Limit"] = "100000",
        ["RateLimits:MailPerIp:Limit"] = "100000",
        // Mail waits in the outbox (tests read it there); MailFactory runs the worker against a real SMTP server.
        ["Jobs:Enabled"] = "false",
        ["Mail:PickupFolder"] = Path.Combine(Path.GetTempPath(), "atrium-test-mail"),
    };

    public virtual async Task InitializeAsync()
    {
        (_postgres, _redis) = await TestServers.GetAsync();
        _database = await TemplateDatabase.CloneAsync();
        await StartPrivateServersAsync();
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
            await TemplateDatabase.DropAsync(_database);
        await StopPrivateServersAsync();
    }

    /// <summary>For a fault test's factory: start the servers of its own (see <see cref="PrivateServer"/>) before the service starts.</summary>
    protected virtual Task StartPrivateServersAsync() => Task.CompletedTask;

    protected virtual Task StopPrivateServersAsync() => Task.CompletedTask;

    /// <summary>Warnings and errors the service logged (a fault test checks what an outage writes to the log).</summary>
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseContentRoot(RepositoryRoot());
        // The service runs as the API role; migrations (and this class's own arranging) as the owner.
        builder.UseSetting("ConnectionStrings:Postgres", AppConnectionString);
        builder.UseSetting("ConnectionStrings:PostgresMigrations", DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:Redis", _redis);
        builder.UseSetting("Redis:KeyPrefix", RedisPrefix);
        builder.UseSetting("Database:MigrateOnStart", "false");
        builder.UseSetting("Database:MaxPoolSize", "8");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings())
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>The Redis database as the service sees it (with its key prefix).</summary>
    public IDatabase Redis => Services.GetRequiredService<Atrium.Api.Infrastructure.Redis.RedisStore>().Db;

    /// <summary>A direct connection to this class's database, for arranging and asserting rows.</summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Api.csproj")))
                return dir.FullName;
        throw new InvalidOperationException("Api.csproj not found above " + AppContext.BaseDirectory);
    }
}
