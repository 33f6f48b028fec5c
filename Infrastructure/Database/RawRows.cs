using System.Data;
using System.Data.Common;
using Atrium.Api.Infrastructure.Http;
using Npgsql;

namespace Atrium.Api.Infrastructure.Database;

/// <summary>
/// What <see cref="PageReader.ReadRowsAsync{T}"/> does, on <see cref="NpgsqlCommand"/> and <see cref="NpgsqlDataReader"/>
/// with a row reader written by hand instead of Dapper: the same SQL text and the same parameter names and values.
/// Only the benchmark's raw twins use it (<c>Benchmarks:RawTwins</c>).
/// </summary>
public static class RawRows
{
    /// <summary>The total, then the rows, of a <see cref="PageSql.Rows"/> query, with the page's <c>@limit</c> and <c>@offset</c>.</summary>
    public static async Task<Paged<T>> ReadRowsRawAsync<T>(this NpgsqlConnection connection, PageQuery paging, string sql,
        IReadOnlyDictionary<string, object> parameters, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using var command = Command(connection, sql, parameters);
        command.Parameters.AddWithValue("limit", paging.Limit);
        command.Parameters.AddWithValue("offset", paging.Offset);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        await reader.ReadAsync(ct);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        var items = new List<T>();
        while (await reader.ReadAsync(ct))
            items.Add(read(reader));
        return paging.Of<T>(items, total);
    }

    /// <summary>A command of <paramref name="sql"/> with <paramref name="parameters"/> by name, their types inferred from the values.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, IReadOnlyDictionary<string, object> parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }
}
