using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>
/// Brief 002 from end to end, through the API only: an admin brings people in (sign-up + invitation), makes an
/// HR department with the right to sign, gives a person their rights; the person uploads a document and sends it
/// to HR; an HR member finds it in their inbox, downloads it and signs it; statistics and the audit log show it.
/// </summary>
public sealed class Brief002EndToEndTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Upload_send_to_hr_sign_and_count()
    {
        var organization = await factory.NewOrganizationAsync("Closed Perimeter LLC", "Olga Owner");
        var space = $"/api/v1/organizations/{organization.Id}";

        // The owner invites an admin; the admin invites the others (people sign up, then accept).
        async Task JoinAsync(HttpClient inviter, TestUser person, string role)
        {
            var invitation = await (await inviter.PostJson($"{space}/invitations", new { email = person.Email, role })).Expect(HttpStatusCode.Created);
            await (await person.Client.PostAsync($"/api/v1/invitations/{invitation["id"]}/accept", null)).Expect(HttpStatusCode.OK);
        }
        var adminUser = await factory.RegisterAndLoginAsync("Anna Admin");
        await JoinAsync(organization.Owner.Client, adminUser, "admin");
        var admin = adminUser.Client.WithHeader(CrmWorld.Header, organization.Id.ToString());

        var employee = await factory.RegisterAndLoginAsync("Egor Employee");
        var hrOfficer = await factory.RegisterAndLoginAsync("Helen HR");
        foreach (var person in new[] { employee, hrOfficer })
            await JoinAsync(admin, person, "member");
        employee.Client.WithHeader(CrmWorld.Header, organization.Id.ToString());
        hrOfficer.Client.WithHeader(CrmWorld.Header, organization.Id.ToString());

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
        Assert.Equal("valid", (string?)Assert.Single(signatures.AsArray())!["verification"]);
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
