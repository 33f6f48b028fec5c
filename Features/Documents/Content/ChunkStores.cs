using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace Atrium.Api.Features.Documents.Content;

/// <summary>
/// Where the sealed chunks of a version live: <c>postgres</c> (rows of <c>document_chunks</c>, in the transaction
/// of the version; the default) or <c>folder</c> (one file per version under <c>Documents:FolderPath</c>, chunk i at
/// offset i × (chunk size + 16)). Each version records its store, so switching the setting keeps old content readable.
/// </summary>
public static class ChunkStores
{
    public const string Postgres = "postgres";
    public const string Folder = "folder";

    /// <summary>A writer for one new version's chunks, in order. Complete before the transaction commits; dispose always.</summary>
    public interface IChunkWriter : IAsyncDisposable
    {
        Task WriteAsync(int index, ArraySegment<byte> sealedChunk, CancellationToken ct);

        /// <summary>Makes the chunks durable and visible (the folder store renames its partial file).</summary>
        Task CompleteAsync(CancellationToken ct);
    }

    public static async Task<IChunkWriter> OpenWriterAsync(DocumentsOptions options, NpgsqlConnection connection, NpgsqlTransaction transaction,
        long versionId, CancellationToken ct) =>
        options.Store == Folder
            ? new FolderWriter(FileOf(options, versionId))
            : await PostgresWriter.OpenAsync(connection, transaction, versionId, ct);

    /// <summary>The sealed chunks <paramref name="first"/>..<paramref name="last"/> of a version, each read into <paramref name="buffer"/>.</summary>
    public static IAsyncEnumerable<(int Index, int Length)> ReadAsync(DocumentsOptions options, NpgsqlConnection connection, StoredVersion version,
        int first, int last, byte[] buffer, CancellationToken ct) =>
        version.Storage == Folder
            ? ReadFolderAsync(FileOf(options, version.Id), version, first, last, buffer, ct)
            : ReadPostgresAsync(connection, version, first, last, buffer, ct);

    /// <summary>Removes the files of deleted folder-store versions (after their rows are gone).</summary>
    public static void DeleteFiles(DocumentsOptions options, IEnumerable<long> versionIds)
    {
        foreach (var id in versionIds)
            File.Delete(FileOf(options, id));
    }

    private static string FileOf(DocumentsOptions options, long versionId) =>
        Path.Combine(Path.GetFullPath(options.FolderPath), versionId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".chunks");

    private sealed class PostgresWriter(NpgsqlCommand insert, NpgsqlParameter<int> index, NpgsqlParameter data) : IChunkWriter
    {
        private const string Insert = "insert into document_chunks (version_id, index, data) values ($1, $2, $3)";

        public static async Task<IChunkWriter> OpenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long versionId, CancellationToken ct)
        {
            var insert = new NpgsqlCommand(Insert, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = versionId });
            var index = new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer };
            insert.Parameters.Add(index);
            var data = new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea };
            insert.Parameters.Add(data);
            await insert.PrepareAsync(ct);
            return new PostgresWriter(insert, index, data);
        }

        public async Task WriteAsync(int chunk, ArraySegment<byte> sealedChunk, CancellationToken ct)
        {
            index.TypedValue = chunk;
            data.Value = sealedChunk;
            await insert.ExecuteNonQueryAsync(ct);
        }

        public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;

        public ValueTask DisposeAsync() => insert.DisposeAsync();
    }

    /// <summary>
    /// Appends to <c>N.chunks.partial</c>, fsyncs and renames to <c>N.chunks</c> on completion; a writer disposed without
    /// completing deletes its partial file, so a failed upload leaves nothing. (A crash between the rename and the commit
    /// can leave a file without a version row; such files are safe to delete.)
    /// </summary>
    private sealed class FolderWriter : IChunkWriter
    {
        private readonly string _final;
        private readonly string _partial;
        private readonly FileStream _file;
        private bool _completed;

        public FolderWriter(string final)
        {
            _final = final;
            _partial = final + ".partial";
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            _file = new FileStream(_partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
        }

        public Task WriteAsync(int index, ArraySegment<byte> sealedChunk, CancellationToken ct) => _file.WriteAsync(sealedChunk, ct).AsTask();

        public async Task CompleteAsync(CancellationToken ct)
        {
            await _file.FlushAsync(ct);
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync();
            File.Move(_partial, _final, overwrite: true);
            _completed = true;
        }

        public async ValueTask DisposeAsync()
        {
            await _file.DisposeAsync();
            if (!_completed)
                File.Delete(_partial);
        }
    }

    private const string SelectChunks = """
        select index, data from document_chunks
        where version_id = $1 and index between $2 and $3
        order by index
        """;

    private static async IAsyncEnumerable<(int Index, int Length)> ReadPostgresAsync(NpgsqlConnection connection, StoredVersion version, int first,
        int last, byte[] buffer, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(SelectChunks, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version.Id });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = first });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = last });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var index = reader.GetInt32(0);
            var length = (int)reader.GetBytes(1, 0, null, 0, 0);
            if (length > buffer.Length)
                throw new System.Security.Cryptography.CryptographicException($"Chunk {index} of version {version.Id} has a wrong length.");
            reader.GetBytes(1, 0, buffer, 0, length);
            yield return (index, length);
        }
    }

    private static async IAsyncEnumerable<(int Index, int Length)> ReadFolderAsync(string path, StoredVersion version, int first, int last,
        byte[] buffer, [EnumeratorCancellation] CancellationToken ct)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"The content file of version {version.Id} is missing.");
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous);
        var stride = (long)version.ChunkSize + Crypto.ChunkCipherTag;
        for (var index = first; index <= last; index++)
        {
            file.Position = index * stride;
            var length = await file.ReadAtLeastAsync(buffer.AsMemory(0, (int)stride), (int)stride, throwOnEndOfStream: false, ct);
            if (length == 0)
                yield break;
            yield return (index, length);
        }
    }

    private static class Crypto
    {
        public const int ChunkCipherTag = Atrium.Api.Infrastructure.Crypto.ChunkCipher.TagBytes;
    }
}
