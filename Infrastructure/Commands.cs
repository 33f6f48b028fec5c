using Dapper;
using Npgsql;

namespace Atrium.Api.Infrastructure;

/// <summary>Operator commands of the service (<c>dotnet Api.dll promote-staff someone@example.com</c>).</summary>
public static class Commands
{
    public static async Task<int> PromoteStaffAsync(IServiceProvider services, string? email)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("promote-staff");
        if (string.IsNullOrWhiteSpace(email))
        {
            logger.LogError("Usage: promote-staff EMAIL");
            return 2;
        }

        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        var updated = await connection.ExecuteAsync(
            "update users set is_staff = true where lower(email) = lower(@email)", new { email });
        if (updated == 0)
        {
            logger.LogError("No user with the e-mail {Email}.", email);
            return 1;
        }
        logger.LogInformation("{Email} is now platform staff.", email);
        return 0;
    }
}
