using System.Security.Cryptography;
using Atrium.Api.Features.Documents.Content;
using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Features.Documents.SignDocument;
using Atrium.Api.Infrastructure.Crypto;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Documents.ListSignatures;

public sealed class ListSignaturesEndpoint : ICarterModule
{
    private const string Sql = """
        select s.id, s.organization_id, s.document_id, s.version_number, s.sha256, s.signer_id, s.signed_at, s.signature, k.public_key_pem,
               v.id as v_id, v.document_id as v_document_id, v.number as v_number, v.file_name as v_file_name, v.content_type as v_content_type,
               v.size_bytes as v_size_bytes, v.sha256 as v_sha256, v.key_id as v_key_id, v.wrapped_key as v_wrapped_key,
               v.base_nonce as v_base_nonce, v.chunk_size as v_chunk_size, v.storage as v_storage
        from document_signatures s
        join document_versions v on v.id = s.version_id
        left join user_signing_keys k on k.user_id = s.signer_id
        where s.document_id = @id
        order by s.id
        """;

    private sealed class Row
    {
        public long Id { get; init; }
        public long OrganizationId { get; init; }
        public long DocumentId { get; init; }
        public int VersionNumber { get; init; }
        public byte[] Sha256 { get; init; } = [];
        public long SignerId { get; init; }
        public DateTime SignedAt { get; init; }
        public byte[] Signature { get; init; } = [];
        public string? PublicKeyPem { get; init; }
        public long VId { get; init; }
        public long VDocumentId { get; init; }
        public int VNumber { get; init; }
        public string VFileName { get; init; } = "";
        public string VContentType { get; init; } = "";
        public long VSizeBytes { get; init; }
        public byte[] VSha256 { get; init; } = [];
        public string VKeyId { get; init; } = "";
        public byte[] VWrappedKey { get; init; } = [];
        public byte[] VBaseNonce { get; init; } = [];
        public int VChunkSize { get; init; }
        public string VStorage { get; init; } = "";

        public StoredVersion Version => new(VId, VDocumentId, VNumber, VFileName, VContentType, VSizeBytes, VSha256, VKeyId, VWrappedKey,
            VBaseNonce, VChunkSize, VStorage);
    }

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapGet("/{id:long}/signatures", Handle)
            .WithName("ListDocumentSignatures")
            .WithSummary("A document's signatures, each verified again from the stored content.")
            .WithDescription("For each signature the content of its version is decrypted and hashed again and the signature is checked against "
                + "the signer's public key: `verification` is `valid`, `content_changed` (the stored content no longer decrypts or no longer has "
                + "the signed SHA-256) or `signature_invalid` (the signature does not match the statement rebuilt from the stored row).")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<IReadOnlyList<SignatureResponse>>, ProblemHttpResult>> Handle(OrganizationMember member, long id,
        NpgsqlDataSource db, KeyRing keys, IOptions<DocumentsOptions> options, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await DocumentAccess.FindAsync(connection, member, id, ct) is null)
            return DocumentAccess.NotFound();
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Sql, new { id }, cancellationToken: ct))).AsList();

        var hashes = new Dictionary<long, byte[]?>();
        var result = new List<SignatureResponse>(rows.Count);
        foreach (var row in rows)
        {
            if (!hashes.TryGetValue(row.VId, out var hash))
                hashes[row.VId] = hash = await RecomputeAsync(connection, keys, options.Value, row.Version, ct);
            result.Add(new SignatureResponse(row.Id, row.DocumentId, row.VersionNumber, Convert.ToHexStringLower(row.Sha256), row.SignerId,
                row.SignedAt, Convert.ToBase64String(row.Signature), Verify(row, hash)));
        }
        return TypedResults.Ok<IReadOnlyList<SignatureResponse>>(result);
    }

    private static async Task<byte[]?> RecomputeAsync(NpgsqlConnection connection, KeyRing keys, DocumentsOptions options, StoredVersion version,
        CancellationToken ct)
    {
        try
        {
            return await DocumentContent.RecomputeHashAsync(connection, keys, options, version, ct);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>content_changed when the content no longer hashes to what was signed; signature_invalid when the row was altered.</summary>
    private static string Verify(Row row, byte[]? contentHash)
    {
        if (contentHash is null || !contentHash.AsSpan().SequenceEqual(row.VSha256))
            return "content_changed";
        if (row.PublicKeyPem is null)
            return "signature_invalid";
        using var key = ECDsa.Create();
        key.ImportFromPem(row.PublicKeyPem);
        var statement = SignatureStatement.Build(row.OrganizationId, row.DocumentId, row.VersionNumber, row.Sha256, row.SignerId,
            DateTime.SpecifyKind(row.SignedAt, DateTimeKind.Utc));
        if (!key.VerifyData(statement, row.Signature, HashAlgorithmName.SHA256))
            return "signature_invalid";
        return contentHash.AsSpan().SequenceEqual(row.Sha256) ? "valid" : "content_changed";
    }
}
