using System.Net;
using System.Security.Cryptography;
using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>ECDSA P-256 signatures: made by the signer's own key, verified again from the stored content on every listing.</summary>
public sealed class DocumentSignatureTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task<(CrmOrganization Organization, TestUser Author, TestUser Signer, long Id)> SentDocumentAsync()
    {
        var organization = await factory.NewOrganizationAsync();
        var author = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var signer = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var id = await author.Client.UploadIdAsync(DocumentsWorld.RandomBytes(300_000));
        await author.Client.SendAsync(id, toUser: signer.Id);
        return (organization, author, signer, id);
    }

    [Fact]
    public async Task The_responsible_party_signs_the_document_becomes_signed_and_the_signature_verifies_with_the_public_key()
    {
        var (_, author, signer, id) = await SentDocumentAsync();
        var signed = await (await signer.Client.PostJson($"/api/v1/documents/{id}/sign", new { version = 1 })).Expect(HttpStatusCode.Created);
        Assert.Equal("signed", (string?)signed["document"]!["status"]);
        Assert.NotNull(signed["document"]!["signed_at"]);

        var key = await (await author.Client.GetAsync($"/api/v1/users/{signer.Id}/signing-key")).Expect(HttpStatusCode.OK);
        var signature = signed["signature"]!;
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem((string)key["public_key_pem"]!);
        var statement = SignatureStatement.Build((long)signed["document"]!["organization_id"]!, id, 1,
            Convert.FromHexString((string)signature["sha256"]!), signer.Id, ((DateTime)signature["signed_at"]!).ToUniversalTime());
        Assert.True(ecdsa.VerifyData(statement, Convert.FromBase64String((string)signature["signature"]!), HashAlgorithmName.SHA256));

        var list = (await (await author.Client.GetAsync($"/api/v1/documents/{id}/signatures")).Expect(HttpStatusCode.OK))["items"]!;
        Assert.Equal("valid", (string?)list[0]!["verification"]);
        await (await signer.Client.PostJson($"/api/v1/documents/{id}/sign", new { })).ExpectProblem(HttpStatusCode.Conflict, "already_signed");
        // the author co-signs the signed document
        await (await author.Client.PostJson($"/api/v1/documents/{id}/sign", new { })).Expect(HttpStatusCode.Created);
        Assert.Equal(2, (await (await author.Client.GetAsync($"/api/v1/documents/{id}/signatures")).Expect(HttpStatusCode.OK))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Signing_a_version_that_is_not_the_latest_is_409()
    {
        var (_, author, signer, id) = await SentDocumentAsync();
        await (await author.Client.PutAsync($"/api/v1/documents/{id}/content", DocumentsWorld.FileForm([9, 9, 9]))).Expect(HttpStatusCode.OK);
        await (await signer.Client.PostJson($"/api/v1/documents/{id}/sign", new { version = 1 }))
            .ExpectProblem(HttpStatusCode.Conflict, "version_not_latest");
        var signed = await (await signer.Client.PostJson($"/api/v1/documents/{id}/sign", new { version = 2 })).Expect(HttpStatusCode.Created);
        Assert.Equal(2, (int)signed["signature"]!["version_number"]!);
    }

    [Fact]
    public async Task Only_the_responsible_party_signs_and_never_a_rejected_document()
    {
        var (organization, author, signer, id) = await SentDocumentAsync();
        var bystander = await factory.AddPersonAsync(organization, "member", "documents.sign", "documents.read_all");
        await (await bystander.Client.PostJson($"/api/v1/documents/{id}/sign", new { })).ExpectProblem(HttpStatusCode.Forbidden, "not_responsible");
        await (await author.Client.PostJson($"/api/v1/documents/{id}/sign", new { })).ExpectProblem(HttpStatusCode.Forbidden, "not_responsible");
        await (await signer.Client.MoveAsync(id, "rejected")).Expect(HttpStatusCode.OK);
        await (await signer.Client.PostJson($"/api/v1/documents/{id}/sign", new { })).ExpectProblem(HttpStatusCode.Conflict, "invalid_transition");
        await (await bystander.Client.GetAsync($"/api/v1/users/{author.Id}/signing-key")).ExpectProblem(HttpStatusCode.NotFound, "signing_key_not_found");
    }

    [Fact]
    public async Task A_changed_stored_file_no_longer_verifies()
    {
        var (_, _, signer, id) = await SentDocumentAsync();
        await (await signer.Client.PostJson($"/api/v1/documents/{id}/sign", new { })).Expect(HttpStatusCode.Created);
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("""
                update document_chunks c set data = set_byte(c.data, 10, (get_byte(c.data, 10) + 1) % 256)
                from document_versions v where v.id = c.version_id and v.document_id = @id and c.index = 0
                """, new { id });
        var list = (await (await signer.Client.GetAsync($"/api/v1/documents/{id}/signatures")).Expect(HttpStatusCode.OK))["items"]!;
        Assert.Equal("content_changed", (string?)list[0]!["verification"]);
    }

    [Fact]
    public async Task A_tampered_signature_row_no_longer_verifies()
    {
        var (_, _, signer, id) = await SentDocumentAsync();
        await (await signer.Client.PostJson($"/api/v1/documents/{id}/sign", new { })).Expect(HttpStatusCode.Created);
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update document_signatures set signed_at = signed_at - interval '1 day' where document_id = @id", new { id });
        var list = (await (await signer.Client.GetAsync($"/api/v1/documents/{id}/signatures")).Expect(HttpStatusCode.OK))["items"]!;
        Assert.Equal("signature_invalid", (string?)list[0]!["verification"]);
    }

    [Fact]
    public async Task A_document_sent_to_a_department_is_signed_by_one_of_its_members()
    {
        var organization = await factory.NewOrganizationAsync();
        var author = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var hrMember = await factory.AddPersonAsync(organization, "member", "documents.sign");
        var hr = await factory.AddDepartmentAsync(organization, "HR", hrMember);
        var id = await author.Client.CreateTextIdAsync();
        await author.Client.SendAsync(id, toGroup: hr);
        var signed = await (await hrMember.Client.PostJson($"/api/v1/documents/{id}/sign", new { })).Expect(HttpStatusCode.Created);
        Assert.Equal("signed", (string?)signed["document"]!["status"]);
        var key = await (await hrMember.Client.GetAsync($"/api/v1/users/{hrMember.Id}/signing-key")).Expect(HttpStatusCode.OK);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", (string?)key["public_key_pem"]);
    }
}
