using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>Create from text, upload (streamed), new versions, download with ranges and ETags, and every way an upload can be wrong.</summary>
public sealed class DocumentContentTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_text_document_is_a_draft_of_its_author_with_version_one()
    {
        var organization = await factory.NewOrganizationAsync();
        var document = await organization.Owner.Client.CreateTextAsync("Leave request", "Please grant me leave.", "two weeks");

        Assert.Equal("draft", (string?)document["status"]);
        Assert.Equal(organization.Owner.Id, (long)document["author_id"]!);
        Assert.Equal(organization.Owner.Id, (long)document["responsible_user_id"]!);
        Assert.Null(document["responsible_group_id"]);
        Assert.Equal(1, (int)document["current_version"]!);

        var detail = await (await organization.Owner.Client.GetAsync($"/api/v1/documents/{document["id"]}")).Expect(HttpStatusCode.OK);
        var version = detail["versions"]![0]!;
        Assert.Equal("document.txt", (string?)version["file_name"]);
        Assert.Equal("text/plain", (string?)version["content_type"]);
        Assert.Equal(Encoding.UTF8.GetByteCount("Please grant me leave."), (long)version["size_bytes"]!);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("Please grant me leave."))), (string?)version["sha256"]);
        Assert.Equal("created", (string?)detail["history"]![0]!["action"]);
    }

    [Fact]
    public async Task An_uploaded_file_downloads_byte_for_byte_as_an_attachment_with_its_etag()
    {
        var organization = await factory.NewOrganizationAsync();
        var bytes = DocumentsWorld.RandomBytes(700_000); // three chunks, the last one short
        var created = await (await organization.Owner.Client.UploadAsync(bytes, "contract.pdf", title: "Supply contract")).Expect(HttpStatusCode.Created);
        Assert.Equal("Supply contract", (string?)created["title"]);

        var response = await organization.Owner.Client.GetAsync($"/api/v1/documents/{created["id"]}/content");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("contract.pdf", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\"", response.Headers.ETag?.ToString());
        Assert.Equal(3, await factory.CountAsync("select count(*) from document_chunks c join document_versions v on v.id = c.version_id where v.document_id = @id",
            new { id = (long)created["id"]! }));
    }

    [Fact]
    public async Task Ranges_map_to_chunks_and_a_current_etag_answers_304()
    {
        var organization = await factory.NewOrganizationAsync();
        var bytes = DocumentsWorld.RandomBytes(600_000);
        var id = await organization.Owner.Client.UploadIdAsync(bytes);
        var url = $"/api/v1/documents/{id}/content";

        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(262_000, 263_000); // across the first chunk boundary
        var partial = await organization.Owner.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[262_000..263_001], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 262000-263000/{bytes.Length}", partial.Content.Headers.ContentRange?.ToString());

        var suffix = new HttpRequestMessage(HttpMethod.Get, url);
        suffix.Headers.Range = new RangeHeaderValue(null, 100);
        Assert.Equal(bytes[^100..], await (await organization.Owner.Client.SendAsync(suffix)).Content.ReadAsByteArrayAsync());

        var beyond = new HttpRequestMessage(HttpMethod.Get, url);
        beyond.Headers.Range = new RangeHeaderValue(bytes.Length, null);
        var unsatisfiable = await organization.Owner.Client.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        Assert.Equal($"bytes */{bytes.Length}", unsatisfiable.Content.Headers.ContentRange?.ToString());

        var etag = (await organization.Owner.Client.GetAsync(url)).Headers.ETag!;
        var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await organization.Owner.Client.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task A_new_version_becomes_current_and_old_versions_stay_readable()
    {
        var organization = await factory.NewOrganizationAsync();
        var client = organization.Owner.Client;
        var id = await client.UploadIdAsync(Encoding.UTF8.GetBytes("first"), "a.txt");
        var form = DocumentsWorld.FileForm(Encoding.UTF8.GetBytes("second version"), "b.txt", "text/plain");
        var changed = await (await client.PutAsync($"/api/v1/documents/{id}/content", form)).Expect(HttpStatusCode.OK);
        Assert.Equal(2, (int)changed["current_version"]!);

        Assert.Equal("second version", await client.GetStringAsync($"/api/v1/documents/{id}/content"));
        Assert.Equal("first", await client.GetStringAsync($"/api/v1/documents/{id}/content?version=1"));
        await (await client.GetAsync($"/api/v1/documents/{id}/content?version=3")).ExpectProblem(HttpStatusCode.NotFound, "version_not_found");
        var detail = await (await client.GetAsync($"/api/v1/documents/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, detail["versions"]!.AsArray().Count);
        Assert.Contains(detail["history"]!.AsArray(), h => (string?)h!["action"] == "version_added");
    }

    [Fact]
    public async Task Title_and_description_change_and_a_draft_is_deleted_with_its_content()
    {
        var organization = await factory.NewOrganizationAsync();
        var client = organization.Owner.Client;
        var id = await client.CreateTextIdAsync();
        var changed = await (await client.PatchJson($"/api/v1/documents/{id}", new { title = "Renamed", description = "now with words" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Renamed", (string?)changed["title"]);
        Assert.Equal("now with words", (string?)changed["description"]);

        await (await client.DeleteAsync($"/api/v1/documents/{id}")).Expect(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/api/v1/documents/{id}")).ExpectProblem(HttpStatusCode.NotFound, "document_not_found");
        Assert.Equal(0, await factory.CountAsync("select count(*) from document_versions where document_id = @id", new { id }));
    }

    [Fact]
    public async Task A_sent_document_cannot_be_deleted_and_an_archived_one_takes_no_version()
    {
        var organization = await factory.NewOrganizationAsync();
        var client = organization.Owner.Client;
        var colleague = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var id = await client.CreateTextIdAsync();
        await client.SendAsync(id, toUser: colleague.Id);
        await (await client.DeleteAsync($"/api/v1/documents/{id}")).ExpectProblem(HttpStatusCode.Conflict, "document_not_draft");

        await (await colleague.Client.MoveAsync(id, "rejected")).Expect(HttpStatusCode.OK);
        await (await client.MoveAsync(id, "archived")).Expect(HttpStatusCode.OK);
        var form = DocumentsWorld.FileForm(Encoding.UTF8.GetBytes("late"), "late.txt", "text/plain");
        await (await client.PutAsync($"/api/v1/documents/{id}/content", form)).ExpectProblem(HttpStatusCode.Conflict, "document_closed");
        await (await client.PatchJson($"/api/v1/documents/{id}", new { title = "x" })).ExpectProblem(HttpStatusCode.Conflict, "document_closed");
    }

    [Fact]
    public async Task Bad_uploads_are_clear_4xx_and_leave_no_version_and_no_content()
    {
        var organization = await factory.NewOrganizationAsync();
        var client = organization.Owner.Client;
        var chunksBefore = await factory.CountAsync("select count(*) from document_chunks");

        await (await client.UploadAsync([])).ExpectProblem(HttpStatusCode.BadRequest, "empty_file");
        await (await client.UploadAsync([1, 2, 3], "x.exe", "application/x-msdownload")).ExpectProblem(HttpStatusCode.UnsupportedMediaType,
            "unsupported_content_type");
        await (await client.PostJson("/api/v1/documents/upload", new { title = "json" })).ExpectProblem(HttpStatusCode.UnsupportedMediaType,
            "multipart_expected");
        var noFile = new MultipartFormDataContent { { new StringContent("only a title"), "title" } };
        await (await client.PostAsync("/api/v1/documents/upload", noFile)).ExpectProblem(HttpStatusCode.BadRequest, "file_missing");
        var noBoundary = new ByteArrayContent("junk"u8.ToArray());
        noBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        await (await client.PostAsync("/api/v1/documents/upload", noBoundary)).ExpectProblem(HttpStatusCode.BadRequest, "invalid_multipart");

        // A body cut off in the middle of the file part: the chunks written so far roll back with the version.
        var truncated = new ByteArrayContent(Encoding.ASCII.GetBytes(
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
            + new string('x', 600_000)));
        truncated.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        await (await client.PostAsync("/api/v1/documents/upload", truncated)).ExpectProblem(HttpStatusCode.BadRequest, "invalid_multipart");

        var scope = new { org = organization.Id };
        Assert.Equal(0, await factory.CountAsync("select count(*) from documents where organization_id = @org", scope));
        Assert.Equal(0, await factory.CountAsync(
            "select count(*) from document_versions v join documents d on d.id = v.document_id where d.organization_id = @org", scope));
        Assert.Equal(chunksBefore, await factory.CountAsync("select count(*) from document_chunks"));
    }

    [Fact]
    public async Task Another_organizations_document_is_404_on_every_route()
    {
        var mine = await factory.NewOrganizationAsync();
        var theirs = await factory.NewOrganizationAsync("Other Ltd");
        var id = await theirs.Owner.Client.CreateTextIdAsync();
        var client = mine.Owner.Client;

        await (await client.GetAsync($"/api/v1/documents/{id}")).ExpectProblem(HttpStatusCode.NotFound, "document_not_found");
        await (await client.GetAsync($"/api/v1/documents/{id}/content")).ExpectProblem(HttpStatusCode.NotFound, "document_not_found");
        await (await client.PatchJson($"/api/v1/documents/{id}", new { title = "x" })).ExpectProblem(HttpStatusCode.NotFound, "document_not_found");
        await (await client.DeleteAsync($"/api/v1/documents/{id}")).ExpectProblem(HttpStatusCode.NotFound, "document_not_found");
        await (await client.PutAsync($"/api/v1/documents/{id}/content", DocumentsWorld.FileForm([1])))
            .ExpectProblem(HttpStatusCode.NotFound, "document_not_found");
        await (await client.PostJson($"/api/v1/documents/{id}/send", new { to_user_id = mine.Owner.Id }))
            .ExpectProblem(HttpStatusCode.NotFound, "document_not_found");
        await (await client.MoveAsync(id, "in_review")).ExpectProblem(HttpStatusCode.NotFound, "document_not_found");
        await (await client.PostJson($"/api/v1/documents/{id}/sign", new { })).ExpectProblem(HttpStatusCode.NotFound, "document_not_found");
        await (await client.GetAsync($"/api/v1/documents/{id}/signatures")).ExpectProblem(HttpStatusCode.NotFound, "document_not_found");
        // and the owner of the other organization, speaking in mine, is not a member: 404 for the organization
        theirs.Owner.Client.WithHeader(CrmWorld.Header, mine.Id.ToString());
        await (await theirs.Owner.Client.GetAsync("/api/v1/documents")).ExpectProblem(HttpStatusCode.NotFound, "organization_not_found");
    }
}

/// <summary>Past <c>Documents:MaxUploadBytes</c>: 413, and nothing stays behind.</summary>
public sealed class SmallUploadLimitFactory : AtriumFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Documents:MaxUploadBytes"] = "300000";
        return settings;
    }
}

public sealed class UploadLimitTests(SmallUploadLimitFactory factory) : IClassFixture<SmallUploadLimitFactory>
{
    [Fact]
    public async Task An_oversized_upload_is_413_and_leaves_nothing()
    {
        var organization = await factory.NewOrganizationAsync();
        var client = organization.Owner.Client;
        await (await client.UploadAsync(DocumentsWorld.RandomBytes(300_001))).ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        // without Content-Length the limit is enforced while streaming
        var streamed = new StreamContent(new MemoryStream(DocumentsWorld.FileFormBytes(DocumentsWorld.RandomBytes(400_000))));
        streamed.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/documents/upload") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;
        await (await client.SendAsync(request)).ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await (await client.UploadAsync(DocumentsWorld.RandomBytes(300_000))).Expect(HttpStatusCode.Created);

        Assert.Equal(1, await factory.CountAsync("select count(*) from document_versions"));
        Assert.Equal(2, await factory.CountAsync("select count(*) from document_chunks"));
    }
}
