using System.Security.Cryptography;
using Atrium.Api.Features.Documents.Content;
using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Crypto;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Documents.SignDocument;

/// <summary><c>version</c>: the version the signer read; signing fails with 409 when it is no longer the latest.</summary>
public sealed record SignDocumentRequest(int? Version);

public sealed class SignDocumentValidator : AbstractValidator<SignDocumentRequest>
{
    public SignDocumentValidator() => RuleFor(r => r.Version).GreaterThan(0);
}

/// <summary>A signature as the API shows it; <c>verification</c> is filled when signatures are listed.</summary>
public sealed record SignatureResponse(long Id, long DocumentId, int VersionNumber, string Sha256, long SignerId, DateTime SignedAt,
    string Signature, string? Verification = null);

/// <summary>The new signature and the document after it.</summary>
public sealed record SignedResponse(SignatureResponse Signature, DocumentResponse Document);

public sealed class SignDocumentEndpoint : ICarterModule
{
    private const string SignedBefore = "select exists (select 1 from document_signatures where version_id = @versionId and signer_id = @me)";

    private const string Insert = """
        insert into document_signatures (organization_id, document_id, version_id, version_number, sha256, signer_id, signed_at, signature)
        values (@organizationId, @documentId, @versionId, @versionNumber, @sha256, @signerId, @signedAt, @signature)
        returning id
        """;

    private const string MarkSigned = $"""
        update documents d set status = @status, signed_at = case when @status = 'signed' then coalesce(d.signed_at, @signedAt) else d.signed_at end
        where d.id = @id
        returning {DocumentAccess.Columns}
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapPost("/{id:long}/sign", Handle)
            .Validate<SignDocumentRequest>()
            .WithName("SignDocument")
            .WithSummary("Sign the latest version of a document with the caller's own key (ECDSA P-256).")
            .WithDescription("Needs `documents.sign`. The signature covers a canonical statement of the organization, document, version, its "
                + "SHA-256, the signer and the time. The responsible party signing a sent or in-review document moves it to `signed`; the author "
                + "may sign a draft, and the author or responsible party may co-sign a signed document (no move). `version` other than the latest: "
                + "409 `version_not_latest`; a second signature of the same person on the same version: 409 `already_signed`; rejected or archived: "
                + "409 `invalid_transition`; anyone else: 403 `not_responsible`. The key pair is made on first use.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Created<SignedResponse>, ProblemHttpResult>> Handle(OrganizationMember member, long id, SignDocumentRequest request, HttpContext http,
        NpgsqlDataSource db, KeyRing keys, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!member.Has(DocumentRights.Sign))
            return Problems.Forbidden(DocumentRights.Sign);
        if (await DocumentAccess.FindAsync(connection, member, id, ct, transaction, forUpdate: true) is not { } found)
            return DocumentAccess.NotFound();
        var document = found.Document;
        if (request.Version is { } asked && asked != document.CurrentVersion)
            return Problems.Conflict("version_not_latest", $"Version {asked} is not the latest (version {document.CurrentVersion}); read it first.");
        var (verdict, status) = DocumentWorkflow.CheckSign(document.Status, found.Standing);
        switch (verdict)
        {
            case MoveVerdict.InvalidTransition:
                return DocumentAccess.InvalidTransition(document.Status, DocumentStatus.Signed);
            case MoveVerdict.NotYours:
                return DocumentAccess.NotYours("Only the responsible party signs a sent document (and the author a draft).");
        }
        var version = (await DocumentContent.FindVersionAsync(connection, id, document.CurrentVersion, ct, transaction))!;
        if (await connection.QuerySingleAsync<bool>(new CommandDefinition(SignedBefore, new { versionId = version.Id, me = member.UserId },
                transaction, cancellationToken: ct)))
            return AlreadySigned();

        var signedAt = SignatureStatement.Truncate(DateTime.UtcNow);
        byte[] signature;
        using (var key = await SigningKeys.GetOrCreateAsync(connection, transaction, keys, member.UserId, ct))
            signature = key.SignData(SignatureStatement.Build(member.SpaceId, id, version.Number, version.Sha256, member.UserId, signedAt),
                HashAlgorithmName.SHA256);
        long signatureId;
        try
        {
            signatureId = await connection.QuerySingleAsync<long>(new CommandDefinition(Insert, new
            {
                organizationId = member.SpaceId, documentId = id, versionId = version.Id, versionNumber = version.Number, version.Sha256,
                signerId = member.UserId, signedAt, signature,
            }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.IsUniqueViolation("document_signatures_one_per_signer"))
        {
            return AlreadySigned();
        }
        var after = await connection.QuerySingleAsync<DocumentResponse>(new CommandDefinition(MarkSigned,
            new { id, status, signedAt }, transaction, cancellationToken: ct));
        await DocumentAccess.WriteHistoryAsync(connection, transaction, new HistoryLine(id, "signed", member.UserId, document.Status, status,
            Note: $"Version {version.Number}"), ct);
        await DocumentAccess.AddParticipantAsync(connection, transaction, id, member.UserId, ct);
        var response = new SignatureResponse(signatureId, id, version.Number, Convert.ToHexStringLower(version.Sha256), member.UserId, signedAt,
            Convert.ToBase64String(signature));
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "document.signed", "document", id,
            new { status = document.Status }, new { status, signature_id = signatureId, version = version.Number }, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/documents/{id}/signatures", new SignedResponse(response, after));
    }

    private static ProblemHttpResult AlreadySigned() =>
        Problems.Conflict("already_signed", "You have already signed this version of the document.");
}
