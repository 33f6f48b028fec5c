using System.Data.Common;
using Atrium.Api.Infrastructure.Database;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>
/// What <see cref="PermissionEngine.ReadAsMemberAsync"/> brought back: the results of the read, taken one statement
/// after the other with Dapper's row mapping, or the problem to answer when the caller is not a member (then the
/// results are left unread).
/// </summary>
public sealed class MemberReads(ProblemHttpResult? problem, DbDataReader reader) : IAsyncDisposable
{
    public ProblemHttpResult? Problem { get; } = problem;

    /// <summary>The single row of the read's next statement whose last column is <c>version</c> (see <see cref="VersionedRows"/>), or null.</summary>
    public Task<Versioned<T>?> ReadVersionedAsync<T>() =>
        ReadVersionedWithAsync(r => r.GetRowParser<T>(startIndex: 0, length: r.FieldCount - 1));

    /// <summary><see cref="ReadVersionedAsync{T}"/> with the columns before the version read by <paramref name="read"/> instead of Dapper (the benchmark's raw twins).</summary>
    public Task<Versioned<T>?> ReadVersionedRawAsync<T>(Func<DbDataReader, T> read) => ReadVersionedWithAsync(_ => read);

    private async Task<Versioned<T>?> ReadVersionedWithAsync<T>(Func<DbDataReader, Func<DbDataReader, T>> parser)
    {
        await NextAsync();
        var version = reader.FieldCount - 1;
        var parse = parser(reader);
        Versioned<T>? row = null;
        while (await reader.ReadAsync())
            row = row is null ? new Versioned<T>(parse(reader), reader.GetInt32(version)) : throw new InvalidOperationException("More than one row.");
        return row;
    }

    private async Task NextAsync()
    {
        if (!await reader.NextResultAsync())
            throw new InvalidOperationException("The read has no more statements.");
    }

    public ValueTask DisposeAsync() => reader.DisposeAsync();
}
