using System.Data.Common;
using Atrium.Api.Infrastructure.Database;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>
/// What <see cref="PermissionEngine.ReadAsMemberAsync"/> brought back: the caller as a member and the results of the
/// read, taken one statement after the other with Dapper's row mapping, or the problem to answer when the caller is
/// not a member (then the results are left unread).
/// </summary>
public sealed class MemberReads(OrganizationMember? member, ProblemHttpResult? problem, DbDataReader reader) : IAsyncDisposable
{
    public OrganizationMember? Member { get; } = member;

    public ProblemHttpResult? Problem { get; } = problem;

    /// <summary>The rows of the read's next statement.</summary>
    public async Task<List<T>> ReadAsync<T>()
    {
        await NextAsync();
        var parse = reader.GetRowParser<T>();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(parse(reader));
        return rows;
    }

    /// <summary>The single row of the read's next statement whose last column is <c>version</c> (see <see cref="VersionedRows"/>), or null.</summary>
    public async Task<Versioned<T>?> ReadVersionedAsync<T>()
    {
        await NextAsync();
        var version = reader.FieldCount - 1;
        var parse = reader.GetRowParser<T>(startIndex: 0, length: version);
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
