using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>"You received a document" goes into the outbox in the send's transaction, to confirmed addresses of the recipients.</summary>
public sealed class DocumentMailTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task ConfirmAsync(params TestUser[] users)
    {
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("update users set email_confirmed_at = now() where id = any(@ids)", new { ids = users.Select(u => u.Id).ToArray() });
    }

    /// <summary>The "you received a document" messages queued for these addresses (sign-up queues others: a welcome, a code).</summary>
    private async Task<List<JsonObject>> MailsToAsync(params string[] addresses)
    {
        await using var db = await factory.OpenDatabaseAsync();
        var payloads = await db.QueryAsync<string>(
            "select payload::text from jobs where kind = 'mail.send' and payload ->> 'to' = any(@addresses) "
            + "and payload ->> 'subject' like 'You received a document%' order by id", new { addresses });
        return payloads.Select(p => JsonNode.Parse(p)!.AsObject()).ToList();
    }

    [Fact]
    public async Task Sending_to_a_department_mails_its_confirmed_members_but_not_the_sender()
    {
        var organization = await factory.NewOrganizationAsync();
        var sender = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var confirmed = await factory.AddPersonAsync(organization);
        var unconfirmed = await factory.AddPersonAsync(organization);
        var hr = await factory.AddDepartmentAsync(organization, "HR", sender, confirmed, unconfirmed);
        await ConfirmAsync(sender, confirmed);
        var id = await sender.Client.CreateTextIdAsync("Vacation schedule");
        await sender.Client.SendAsync(id, toGroup: hr, note: "Please sign by Friday");

        var mail = Assert.Single(await MailsToAsync(confirmed.Email));
        Assert.Contains("Vacation schedule", (string?)mail["subject"]);
        Assert.Contains("Please sign by Friday", (string?)mail["text"]);
        Assert.Contains($"/documents/{id}", (string?)mail["text"]);
        Assert.Empty(await MailsToAsync(unconfirmed.Email, sender.Email));
    }

    [Fact]
    public async Task A_refused_send_mails_nobody()
    {
        var organization = await factory.NewOrganizationAsync();
        var author = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var reader = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        await ConfirmAsync(reader);
        var id = await author.Client.CreateTextIdAsync();
        await author.Client.SendAsync(id, toUser: reader.Id);
        Assert.Single(await MailsToAsync(reader.Email));

        await (await author.Client.PostJson($"/api/v1/documents/{id}/send", new { to_user_id = reader.Id }))
            .ExpectProblem(HttpStatusCode.Forbidden, "not_responsible");
        await (await reader.Client.PostJson($"/api/v1/documents/{id}/send", new { to_user_id = reader.Id }))
            .ExpectProblem(HttpStatusCode.Conflict, "already_responsible");
        Assert.Single(await MailsToAsync(reader.Email));
    }
}
