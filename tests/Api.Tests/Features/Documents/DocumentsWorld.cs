using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>
/// Arranges document worlds: an organization (the owner holds every right), members with direct grants
/// and departments inserted in SQL, and documents made through the API.
/// </summary>
public static class DocumentsWorld
{
    /// <summary>The rights a document worker needs: create, manage own, send, sign.</summary>
    public static readonly string[] Worker = ["documents.create", "documents.manage_own", "documents.send", "documents.sign"];

    public static async Task<TestUser> AddPersonAsync(this AtriumFactory factory, CrmOrganization organization, string role = "member",
        params string[] grants)
    {
        var user = await factory.AddMemberAsync(organization, role);
        await using var db = await factory.OpenDatabaseAsync();
        foreach (var code in grants)
            await db.ExecuteAsync("insert into member_permissions (space_id, user_id, code) values (@space, @user, @code)",
                new { space = organization.Id, user = user.Id, code });
        return user;
    }

    public static async Task<long> AddDepartmentAsync(this AtriumFactory factory, CrmOrganization organization, string name, params TestUser[] members)
    {
        await using var db = await factory.OpenDatabaseAsync();
        var id = await db.QuerySingleAsync<long>("insert into space_groups (space_id, name) values (@space, @name) returning id",
            new { space = organization.Id, name });
        foreach (var member in members)
            await db.ExecuteAsync("insert into member_groups (space_id, user_id, group_id) values (@space, @user, @id)",
                new { space = organization.Id, user = member.Id, id });
        return id;
    }

    public static async Task<JsonNode> CreateTextAsync(this HttpClient client, string title = "Leave request", string text = "Please grant me leave.",
        string? description = null) =>
        await (await client.PostJson("/api/v1/documents", new { title, text, description })).Expect(HttpStatusCode.Created);

    public static async Task<long> CreateTextIdAsync(this HttpClient client, string title = "Leave request", string text = "Please grant me leave.") =>
        (long)(await client.CreateTextAsync(title, text))["id"]!;

    public static MultipartFormDataContent FileForm(byte[] bytes, string fileName = "contract.pdf", string contentType = "application/pdf",
        string? title = null)
    {
        var form = new MultipartFormDataContent();
        if (title is not null)
            form.Add(new StringContent(title), "title");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] bytes, string fileName = "contract.pdf",
        string contentType = "application/pdf", string? title = null) =>
        client.PostAsync("/api/v1/documents/upload", FileForm(bytes, fileName, contentType, title));

    public static async Task<long> UploadIdAsync(this HttpClient client, byte[] bytes, string fileName = "contract.pdf") =>
        (long)(await (await client.UploadAsync(bytes, fileName)).Expect(HttpStatusCode.Created))["id"]!;

    public static async Task<JsonNode> SendAsync(this HttpClient client, long id, long? toUser = null, long? toGroup = null, string? note = null) =>
        await (await client.PostJson($"/api/v1/documents/{id}/send", new { to_user_id = toUser, to_group_id = toGroup, note })).Expect(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> MoveAsync(this HttpClient client, long id, string status, string? note = null) =>
        client.PostJson($"/api/v1/documents/{id}/status", new { status, note });

    /// <summary>A multipart body (boundary <c>b</c>) with one PDF file part, as raw bytes.</summary>
    public static byte[] FileFormBytes(byte[] file)
    {
        var head = System.Text.Encoding.ASCII.GetBytes(
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n");
        var tail = System.Text.Encoding.ASCII.GetBytes("\r\n--b--\r\n");
        return [.. head, .. file, .. tail];
    }

    public static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    public static async Task<long> CountAsync(this AtriumFactory factory, string sql, object? parameters = null)
    {
        await using var db = await factory.OpenDatabaseAsync();
        return await db.QuerySingleAsync<long>(sql, parameters);
    }
}
