using Dapper;
using Npgsql;

namespace Atrium.Api.Infrastructure.Database;

/// <summary>A row as the API shows it, with the version its entity tag names (never sent in the body).</summary>
public sealed record Versioned<T>(T Value, int Version);

public static class VersionedRows
{
    /// <summary>
    /// The single row of a query whose last column is <c>version</c>: the columns before it are read as
    /// <typeparamref name="T"/> (as Dapper reads them alone), the last as the version. Null when there is no row.
    /// </summary>
    public static async Task<Versioned<T>?> QueryVersionedAsync<T>(this NpgsqlConnection connection, CommandDefinition command) =>
        (await connection.QueryAsync<T, int, Versioned<T>>(command, (row, version) => new Versioned<T>(row, version), splitOn: "version"))
        .SingleOrDefault();
}
