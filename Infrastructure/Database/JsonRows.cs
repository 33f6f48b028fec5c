using System.Text.Json;
using Dapper;
using Npgsql;

namespace Atrium.Api.Infrastructure.Database;

/// <summary>
/// For queries that let PostgreSQL shape a nested response (<c>json_build_object</c>, <c>jsonb_agg</c>):
/// the query returns one <c>json</c> value, read here into typed records (snake_case) so the OpenAPI
/// schema stays exact.
/// </summary>
public static class JsonRows
{
    private static readonly JsonSerializerOptions Json = Atrium.Api.Infrastructure.Json.JsonSetup.Options;

    /// <summary>The single json value of the query as <typeparamref name="T"/>, or default when the query returns no row or SQL null.</summary>
    public static async Task<T?> QueryJsonAsync<T>(this NpgsqlConnection connection, CommandDefinition command)
    {
        var text = await connection.QuerySingleOrDefaultAsync<string?>(command);
        return text is null ? default : JsonSerializer.Deserialize<T>(text, Json);
    }

    public static T? Parse<T>(string? text) => text is null ? default : JsonSerializer.Deserialize<T>(text, Json);
}
