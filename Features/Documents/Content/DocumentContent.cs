using System.Buffers;
using System.Data;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Crypto;
using Atrium.Api.Infrastructure.Errors;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NpgsqlTypes;

namespace Atrium.Api.Features.Documents.Content;

/// <summary>One version of a document's content as the API shows it.</summary>
public sealed record VersionResponse(int Number, string FileName, string ContentType, long SizeBytes, string Sha256, long CreatedBy, DateTime CreatedAt);

/// <summary>What it takes to read one stored version: its data key (wrapped), base nonce and chunk size.</summary>
public sealed record StoredVersion(long Id, long DocumentId, int Number, string FileName, string ContentType, long SizeBytes, byte[] Sha256,
    string KeyId, byte[] WrappedKey, byte[] BaseNonce, int ChunkSize, string Storage)
{
    public string ETag => "\"" + Convert.ToHexStringLower(Sha256) + "\"";
}

/// <summary>The outcome of writing a version: the version (and its text for the search index), or the problem that stopped it.</summary>
public sealed record WriteOutcome(VersionResponse? Version, string? Text, ProblemHttpResult? Problem);

/// <summary>
/// Content at rest: each version has a fresh 256-bit data key wrapped by the active master key; the plaintext is
/// cut in chunks (<see cref="DocumentsOptions.ChunkBytes"/>), each sealed with AES-256-GCM (<see cref="ChunkCipher"/>)
/// and stored as one <c>document_chunks</c> row, in the caller's transaction, as it streams in: the whole file is never
/// in memory, and a failed upload rolls back with its version and every chunk. Reading streams chunk by chunk.
/// </summary>
public static class DocumentContent
{
    private const string InsertVersion = """
        insert into document_versions (document_id, number, file_name, content_type, key_id, wrapped_key, base_nonce, chunk_size, created_by,
                                       storage)
        values (@documentId, (select coalesce(max(v.number), 0) + 1 from document_versions v where v.document_id = @documentId),
                @fileName, @contentType, @keyId, @wrappedKey, @baseNonce, @chunkSize, @actorId, @storage)
        returning id, number
        """;

    private const string CompleteVersion = """
        update document_versions set size_bytes = @size, sha256 = @sha256 where id = @id
        returning number, file_name, content_type, size_bytes, encode(sha256, 'hex') as sha256, created_by, created_at
        """;

    /// <summary>Whether the text of this content type goes into the full-text index.</summary>
    public static bool IsText(string contentType) =>
        contentType.StartsWith("text/", StringComparison.Ordinal) || contentType is "application/json" or "application/xml";

    /// <summary>
    /// Streams <paramref name="source"/> into a new version of <paramref name="documentId"/> (encrypting and hashing as it
    /// goes). 413 <c>payload_too_large</c> past the limit, 400 <c>empty_file</c> for no bytes; the caller then rolls back.
    /// </summary>
    public static async Task<WriteOutcome> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, KeyRing keys,
        DocumentsOptions options, long documentId, long actorId, string fileName, string contentType, Stream source, CancellationToken ct)
    {
        var dataKey = ChunkCipher.NewDataKey();
        var wrapped = keys.Wrap(dataKey);
        var baseNonce = ChunkCipher.NewBaseNonce();
        var chunkSize = options.ChunkBytes;
        var (versionId, _) = await connection.QuerySingleAsync<(long, int)>(new CommandDefinition(InsertVersion, new
        {
            documentId, fileName, contentType, keyId = wrapped.KeyId, wrappedKey = wrapped.Bytes, baseNonce, chunkSize, actorId,
            storage = options.Store,
        }, transaction, cancellationToken: ct));

        var plain = ArrayPool<byte>.Shared.Rent(chunkSize);
        var sealedChunk = ArrayPool<byte>.Shared.Rent(chunkSize + ChunkCipher.TagBytes);
        try
        {
            using var aes = new AesGcm(dataKey, ChunkCipher.TagBytes);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var text = IsText(contentType) && options.MaxIndexedTextChars > 0 ? new TextCollector(options.MaxIndexedTextChars) : null;
            await using var writer = await ChunkStores.OpenWriterAsync(options, connection, transaction, versionId, ct);

            long total = 0;
            var index = 0;
            while (true)
            {
                var read = await source.ReadAtLeastAsync(plain.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, ct);
                if (read == 0)
                    break;
                total += read;
                if (total > options.MaxUploadBytes)
                    return new WriteOutcome(null, null, TooLarge(options.MaxUploadBytes));
                hash.AppendData(plain, 0, read);
                text?.Add(plain.AsSpan(0, read));
                ChunkCipher.Seal(aes, baseNonce, index, plain.AsSpan(0, read), sealedChunk.AsSpan(0, read + ChunkCipher.TagBytes));
                await writer.WriteAsync(index, new ArraySegment<byte>(sealedChunk, 0, read + ChunkCipher.TagBytes), ct);
                index++;
                if (read < chunkSize)
                    break;
            }
            if (total == 0)
                return new WriteOutcome(null, null, Problems.BadRequest("empty_file", "The file is empty."));

            await writer.CompleteAsync(ct);
            var version = await connection.QuerySingleAsync<VersionResponse>(new CommandDefinition(CompleteVersion,
                new { id = versionId, size = total, sha256 = hash.GetHashAndReset() }, transaction, cancellationToken: ct));
            return new WriteOutcome(version, text?.ToString(), null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain, clearArray: true);
            ArrayPool<byte>.Shared.Return(sealedChunk);
        }
    }

    public static ProblemHttpResult TooLarge(long limit) =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"The file is larger than {limit} bytes.");

    private const string SelectVersion = """
        select v.id, v.document_id, v.number, v.file_name, v.content_type, v.size_bytes, v.sha256, v.key_id, v.wrapped_key,
               v.base_nonce, v.chunk_size, v.storage
        from document_versions v
        where v.document_id = @documentId and v.number = @number and v.sha256 is not null
        """;

    public static Task<StoredVersion?> FindVersionAsync(NpgsqlConnection connection, long documentId, int number, CancellationToken ct,
        NpgsqlTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<StoredVersion>(new CommandDefinition(SelectVersion, new { documentId, number }, transaction,
            cancellationToken: ct));

    /// <summary>
    /// The plaintext of chunks <paramref name="first"/>..<paramref name="last"/> of a version, in order, one at a time (the
    /// memory handed out is reused for the next chunk). Throws <see cref="CryptographicException"/> for a chunk that does
    /// not authenticate (changed at rest) or a data key that does not unwrap, and <see cref="InvalidDataException"/> for a gap.
    /// </summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(NpgsqlConnection connection, KeyRing keys, DocumentsOptions options,
        StoredVersion version, int first, int last, [EnumeratorCancellation] CancellationToken ct)
    {
        var dataKey = keys.Unwrap(new WrappedKey(version.KeyId, version.WrappedKey));
        using var aes = new AesGcm(dataKey, ChunkCipher.TagBytes);
        var sealedChunk = ArrayPool<byte>.Shared.Rent(version.ChunkSize + ChunkCipher.TagBytes);
        var plain = ArrayPool<byte>.Shared.Rent(version.ChunkSize);
        try
        {
            var expected = first;
            await foreach (var (index, length) in ChunkStores.ReadAsync(options, connection, version, first, last, sealedChunk, ct))
            {
                if (index != expected)
                    throw new InvalidDataException($"Chunk {expected} of version {version.Id} is missing.");
                if (length < ChunkCipher.TagBytes || length > version.ChunkSize + ChunkCipher.TagBytes)
                    throw new CryptographicException($"Chunk {index} of version {version.Id} has a wrong length.");
                ChunkCipher.Open(aes, version.BaseNonce, index, sealedChunk.AsSpan(0, length), plain);
                yield return plain.AsMemory(0, length - ChunkCipher.TagBytes);
                expected++;
            }
            if (expected != last + 1)
                throw new InvalidDataException($"Chunk {expected} of version {version.Id} is missing.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(sealedChunk);
            ArrayPool<byte>.Shared.Return(plain, clearArray: true);
        }
    }

    /// <summary>The number of the last chunk of a version.</summary>
    public static int LastChunk(this StoredVersion version) => (int)((version.SizeBytes - 1) / version.ChunkSize);

    /// <summary>SHA-256 recomputed from the stored content; null when the content no longer decrypts (changed at rest).</summary>
    public static async Task<byte[]?> RecomputeHashAsync(NpgsqlConnection connection, KeyRing keys, DocumentsOptions options, StoredVersion version,
        CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await foreach (var chunk in ReadChunksAsync(connection, keys, options, version, 0, version.LastChunk(), ct))
                hash.AppendData(chunk.Span);
        }
        catch (Exception e) when (e is CryptographicException or InvalidDataException)
        {
            return null;
        }
        return hash.GetHashAndReset();
    }

    /// <summary>Collects up to a number of characters of UTF-8 text across chunk boundaries (NULs dropped: PostgreSQL refuses them).</summary>
    private sealed class TextCollector(int maxChars)
    {
        private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
        private readonly StringBuilder _text = new();

        public void Add(ReadOnlySpan<byte> bytes)
        {
            if (_text.Length >= maxChars)
                return;
            var chars = ArrayPool<char>.Shared.Rent(bytes.Length + 4);
            try
            {
                var count = _decoder.GetChars(bytes, chars, flush: false);
                var span = chars.AsSpan(0, Math.Min(count, maxChars - _text.Length));
                foreach (var c in span)
                    if (c != '\0')
                        _text.Append(c);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }

        public override string ToString() => _text.ToString();
    }
}
