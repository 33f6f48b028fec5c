using Atrium.Api.Infrastructure.Configuration;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Infrastructure.Database;

public static class DatabaseSetup
{
    /// <summary>Registers the one <see cref="NpgsqlDataSource"/> of the process and Dapper's conventions.</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyTypeHandler());

        services.AddSingleton(sp =>
        {
            var connectionString = configuration.GetConnectionString("Postgres")
                ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set.");
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.ConnectionStringBuilder.MaxPoolSize = options.MaxPoolSize;
            builder.ConnectionStringBuilder.Timeout = options.ConnectTimeoutSeconds;
            builder.ConnectionStringBuilder.CommandTimeout = options.CommandTimeoutSeconds;
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
                builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
            builder.ConnectionStringBuilder.ApplicationName ??= "atrium";
            // The service keeps no session state on a pooled connection (no SET, no session advisory lock, no temporary
            // table; the job worker's LISTEN is undone before its connection goes back), so returning one needs no reset
            // statements, which cost PostgreSQL more than the query of a short read (decision 43).
            builder.ConnectionStringBuilder.NoResetOnClose = true;
            builder.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            return builder.Build();
        });
        services.AddSingleton<Migrator>();
        return services;
    }

    private sealed class DateOnlyTypeHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(System.Data.IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = System.Data.DbType.Date;
            parameter.Value = value;
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            _ => DateOnly.Parse(value.ToString()!, System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
