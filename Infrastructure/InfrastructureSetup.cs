using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Crypto;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Health;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Jobs;
using Atrium.Api.Infrastructure.Json;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Redis;
using Atrium.Api.Infrastructure.Telemetry;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure;

/// <summary>The plumbing of the service, in the order <c>Program.cs</c> reads it.</summary>
public static class InfrastructureSetup
{
    public static IServiceCollection AddAtriumInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAtriumOptions();
        services.AddHttpEdge();
        services.AddWebConventions();
        services.AddSnakeCaseJson();
        services.AddProblemDetailsPath();
        services.AddDatabase(configuration);
        services.AddRedis(configuration);
        services.AddEncryptionAtRest();
        services.AddAtriumAuth();
        services.AddAtriumHealth();
        services.AddAtriumTelemetry(configuration);
        services.AddAtriumOpenApi();
        services.AddValidators();
        services.AddJobs();
        return services;
    }

    public static WebApplication UseAtriumInfrastructure(this WebApplication app)
    {
        app.UseForwardedHeadersWhenTrusted();
        app.UseRequestIds();
        app.UseProblemDetailsPath();
        app.UseWebConventions();
        app.UseRouting();
        app.UseRequestBodyLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseNulFreeQueryStrings();
        return app;
    }

    public static WebApplication MapAtriumEndpoints(this WebApplication app)
    {
        app.MapAtriumHealth();
        app.MapAtriumMetrics(app.Configuration);
        app.MapAtriumOpenApi();
        return app;
    }

    /// <summary>
    /// Runs a command of the service instead of serving when <paramref name="args"/> name one
    /// (<c>migrate</c>, <c>worker</c>, <c>promote-staff EMAIL</c>, <c>rewrap-keys</c>); otherwise migrates on start when configured and returns false.
    /// </summary>
    public static async Task<bool> RunCommandAsync(this WebApplication app, string[] args)
    {
        var migrator = app.Services.GetRequiredService<Migrator>();
        var command = args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('='));
        switch (command)
        {
            case "migrate":
                Environment.ExitCode = await MigrateAsync(migrator, app.Logger) ? 0 : 1;
                return true;
            case "worker":
                if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart
                    && !await MigrateAsync(migrator, app.Logger))
                    throw new InvalidOperationException("Database migration failed; the worker does not start on a half-migrated schema.");
                Environment.ExitCode = await JobsSetup.RunWorkerOnlyAsync(app.Services);
                return true;
            case "promote-staff":
                Environment.ExitCode = await Commands.PromoteStaffAsync(app.Services, args.SkipWhile(a => a != "promote-staff").Skip(1).FirstOrDefault());
                return true;
            case "rewrap-keys":
                await RewrapKeys.RunAsync(app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), app.Services.GetRequiredService<KeyRing>(),
                    app.Logger);
                Environment.ExitCode = 0;
                return true;
            default:
                if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart
                    && !await MigrateAsync(migrator, app.Logger))
                    throw new InvalidOperationException("Database migration failed; the service does not start on a half-migrated schema.");
                return false;
        }
    }

    private static async Task<bool> MigrateAsync(Migrator migrator, ILogger logger)
    {
        var result = await migrator.MigrateAsync();
        if (result.Successful)
            logger.LogInformation("Database is up to date ({Count} script(s) applied now).", result.Applied.Count);
        else
            logger.LogError("Migration failed: {Error}", result.Error);
        return result.Successful;
    }
}
