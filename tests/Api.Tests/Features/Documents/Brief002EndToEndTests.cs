using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>
/// Brief 002 from end to end, through the API: an admin creates users (they set their password from the mailed
/// link), makes an HR department with the right to sign, gives a person their rights; the person uploads a document
/// and sends it to HR; an HR member is mailed, finds it in their inbox, downloads it and signs it; statistics and the
/// audit log show it.
/// </summary>
public sealed class Brief002EndToEndTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Upload_send_to_hr_sign_and_count()
    {
        var organization = await factory.NewOrganizationAsync("Closed Perimeter LLC", "Olga Owner");
        var space = $"/api/v1/organizations/{organization.Id}";

        // The owner makes an admin's account; the admin makes the others'. Each person sets a password from the
        // mailed link (read here from the outbox, where mail waits in tests).
        async Task<TestUser> CreateUserAsync(HttpClient by, string name, string position, string role = "member")
        {
            var email = $"{name.Split(' ')[0].ToLowerInvariant()}.{Guid.NewGuid():N}@example.com";
            var created = await (await by.PostJson($"{space}/users", new { email, name, position, role })).Expect(HttpStatusCode.Created);
            await using var db = await factory.OpenDatabaseAsync();
            var text = await db.QuerySingleAsync<string>(
                "select payload ->> 'text' from jobs where kind = 'mail.send' and payload ->> 'to' = @email order by id desc limit 1", new { email });
            var token = Regex.Match(text, "token=([A-Za-z0-9_-]+)").Groups[1].Value;
            await (await factory.Anonymous().PostJson("/api/v1/auth/set-password", new { token, password = Users.DefaultPassword }))
                .Expect(HttpStatusCode.NoContent);
            var tokens = await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email, password = Users.DefaultPassword }))
                .Expect(HttpStatusCode.OK);
            var access = (string)tokens["access_token"]!;
            return new TestUser((long)created["user"]!["id"]!, email, Users.DefaultPassword, access, (string)tokens["refresh_token"]!,
                (string)tokens["session_id"]!, factory.Anonymous().WithBearer(access).WithHeader(CrmWorld.Header, organization.Id.ToString()));
        }
        var adminUser = await CreateUserAsync(organization.Owner.Client, "Anna Admin", "Office manager", "admin");
        var admin = adminUser.Client;
        var employee = await CreateUserAsync(admin, "Egor Employee", "Engineer");
        var hrOfficer = await CreateUserAsync(admin, "Helen HR", "HR officer");

        // HR: a department whose members may sign.
        var hr = (long)(await (await admin.PostJson($"{space}/groups", new { name = "HR", permissions = new[] { "documents.sign" } }))
            .Expect(HttpStatusCode.Created))["id"]!;
        await (await admin.PutJson($"{space}/members/{hrOfficer.Id}/groups", new { group_ids = new[] { hr } })).Expect(HttpStatusCode.OK);

        // The employee's rights, switched on one by one.
        foreach (var code in new[] { "documents.create", "documents.manage_own", "documents.send" })
            await (await admin.PutAsync($"{space}/members/{employee.Id}/permissions/{code}", null)).Expect(HttpStatusCode.OK);
        await (await admin.PutAsync($"{space}/members/{adminUser.Id}/permissions/statistics.view", null)).Expect(HttpStatusCode.OK);

        // The employee uploads an application and sends it to HR.
        var file = DocumentsWorld.RandomBytes(1_500_000);
        var form = DocumentsWorld.FileForm(file, "leave-application.pdf", "application/pdf", "Leave application");
        form.Add(new StringContent("Two weeks in August"), "description");
        var document = await (await employee.Client.PostAsync("/api/v1/documents/upload", form)).Expect(HttpStatusCode.Created);
        var id = (long)document["id"]!;
        await employee.Client.SendAsync(id, toGroup: hr, note: "For your signature");

        // The HR officer finds it, reads it and signs it.
        await using (var db = await factory.OpenDatabaseAsync())
            Assert.Equal(1, await db.QuerySingleAsync<long>(
                "select count(*) from jobs where kind = 'mail.send' and payload ->> 'to' = @email and payload ->> 'subject' like '%Leave application%'",
                new { email = hrOfficer.Email }));
        var inbox = await (await hrOfficer.Client.GetAsync("/api/v1/documents?box=inbox")).Expect(HttpStatusCode.OK);
        Assert.Equal([id], inbox["items"]!.AsArray().Select(d => (long)d!["id"]!).ToArray());
        var content = await hrOfficer.Client.GetAsync($"/api/v1/documents/{id}/content");
        Assert.Equal(file, await content.Content.ReadAsByteArrayAsync());
        await (await hrOfficer.Client.MoveAsync(id, "in_review")).Expect(HttpStatusCode.OK);
        var signed = await (await hrOfficer.Client.PostJson($"/api/v1/documents/{id}/sign", new { version = 1 })).Expect(HttpStatusCode.Created);
        Assert.Equal("signed", (string?)signed["document"]!["status"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), (string?)signed["signature"]!["sha256"]);

        // The author sees the signature verified; statistics and the department's list show it.
        var signatures = await (await employee.Client.GetAsync($"/api/v1/documents/{id}/signatures")).Expect(HttpStatusCode.OK);
        Assert.Equal("valid", (string?)Assert.Single(signatures["items"]!.AsArray())!["verification"]);
        var stats = await (await admin.GetAsync("/api/v1/documents/statistics")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (long)Assert.Single(stats["by_status"]!.AsArray())!["count"]!);
        Assert.Equal("signed", (string?)stats["by_status"]![0]!["status"]);
        Assert.Equal("HR", (string?)Assert.Single(stats["by_responsible_group"]!.AsArray())!["name"]);
        Assert.Equal(1, (long)Assert.Single(stats["signed_per_day"]!.AsArray())!["count"]!);
        await (await employee.Client.GetAsync("/api/v1/documents/statistics")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        var department = await (await hrOfficer.Client.GetAsync($"{space}/groups/{hr}/documents")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int)department["total"]!);

        // Every step is in the audit log.
        var audit = await (await admin.GetAsync($"{space}/audit-log?page_size=100")).Expect(HttpStatusCode.OK);
        var actions = audit["items"]!.AsArray().Select(e => (string)e!["action"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "document.created", "document.sent", "document.downloaded", "document.status_changed", "document.signed" },
            actions);
    }
}
