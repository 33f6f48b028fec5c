using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>The folder store: content in one encrypted file per version under a folder of this factory's own.</summary>
public sealed class FolderStoreFactory : AtriumFactory
{
    public string Folder { get; } = Path.Combine(RepositoryRoot(), ".local", "test-documents", Guid.NewGuid().ToString("N"));

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Documents:Store"] = "folder";
        settings["Documents:FolderPath"] = Folder;
        return settings;
    }
}

public sealed class FolderStoreTests(FolderStoreFactory factory) : IClassFixture<FolderStoreFactory>
{
    private string[] Files() => Directory.Exists(factory.Folder) ? Directory.GetFiles(factory.Folder) : [];

    [Fact]
    public async Task Content_goes_to_an_encrypted_file_and_comes_back_whole_and_in_ranges()
    {
        var organization = await factory.NewOrganizationAsync();
        var client = organization.Owner.Client;
        var marker = Encoding.UTF8.GetBytes("CONFIDENTIAL " + new string('q', 600_000));
        var id = (long)(await (await client.UploadAsync(marker, "secret.txt", "text/plain")).Expect(HttpStatusCode.Created))["id"]!;

        await using (var db = await factory.OpenDatabaseAsync())
        {
            var version = await db.QuerySingleAsync<(long Id, string Storage)>("select id, storage from document_versions where document_id = @id", new { id });
            Assert.Equal("folder", version.Storage);
            Assert.Equal(0, await db.QuerySingleAsync<long>("select count(*) from document_chunks where version_id = @v", new { v = version.Id }));
            var stored = await File.ReadAllBytesAsync(Path.Combine(factory.Folder, $"{version.Id}.chunks"));
            Assert.Equal(marker.Length + 3 * 16, stored.Length); // three chunks, a tag each
            Assert.Equal(-1, stored.AsSpan().IndexOf("CONFIDENTIAL"u8));
        }
        Assert.Equal(marker, await client.GetByteArrayAsync($"/api/v1/documents/{id}/content"));
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/documents/{id}/content");
        request.Headers.Range = new RangeHeaderValue(262_140, 262_150);
        Assert.Equal(marker[262_140..262_151], await (await client.SendAsync(request)).Content.ReadAsByteArrayAsync());
        Assert.Single((await (await client.GetAsync($"/api/v1/documents?q=confidential")).Expect(HttpStatusCode.OK))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_failed_upload_leaves_no_file_and_a_deleted_draft_takes_its_file_along()
    {
        var organization = await factory.NewOrganizationAsync();
        var client = organization.Owner.Client;
        var before = Files().Length;
        var truncated = new ByteArrayContent(DocumentsWorld.FileFormBytes(DocumentsWorld.RandomBytes(400_000))[..300_000]);
        truncated.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        await (await client.PostAsync("/api/v1/documents/upload", truncated)).ExpectProblem(HttpStatusCode.BadRequest, "invalid_multipart");
        Assert.Equal(before, Files().Length);
        Assert.DoesNotContain(Files(), f => f.EndsWith(".partial", StringComparison.Ordinal));

        var id = await client.UploadIdAsync(DocumentsWorld.RandomBytes(1000));
        Assert.Equal(before + 1, Files().Length);
        await (await client.DeleteAsync($"/api/v1/documents/{id}")).Expect(HttpStatusCode.NoContent);
        Assert.Equal(before, Files().Length);
    }

    [Fact]
    public async Task A_changed_file_no_longer_verifies()
    {
        var organization = await factory.NewOrganizationAsync();
        var signer = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var id = await organization.Owner.Client.UploadIdAsync(DocumentsWorld.RandomBytes(5000));
        await organization.Owner.Client.SendAsync(id, toUser: signer.Id);
        await (await signer.Client.PostJson($"/api/v1/documents/{id}/sign", new { })).Expect(HttpStatusCode.Created);
        Assert.Equal("valid", (string?)(await (await signer.Client.GetAsync($"/api/v1/documents/{id}/signatures")).Expect(HttpStatusCode.OK))["items"]![0]!["verification"]);

        await using (var db = await factory.OpenDatabaseAsync())
        {
            var versionId = await db.QuerySingleAsync<long>("select id from document_versions where document_id = @id", new { id });
            var path = Path.Combine(factory.Folder, $"{versionId}.chunks");
            var bytes = await File.ReadAllBytesAsync(path);
            bytes[100] ^= 1;
            await File.WriteAllBytesAsync(path, bytes);
        }
        Assert.Equal("content_changed",
            (string?)(await (await signer.Client.GetAsync($"/api/v1/documents/{id}/signatures")).Expect(HttpStatusCode.OK))["items"]![0]!["verification"]);
    }
}
