using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>The workflow over HTTP: each move by the one who may make it, 409 for the others, history and audit for each.</summary>
public sealed class DocumentWorkflowTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Draft_sent_in_review_rejected_archived_each_by_its_party_with_history_and_audit()
    {
        var organization = await factory.NewOrganizationAsync();
        var author = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var reviewer = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var id = await author.Client.CreateTextIdAsync();

        await (await author.Client.MoveAsync(id, "sent")).ExpectProblem(HttpStatusCode.Conflict, "use_send");
        await (await author.Client.MoveAsync(id, "in_review")).ExpectProblem(HttpStatusCode.Conflict, "invalid_transition");
        var sent = await author.Client.SendAsync(id, toUser: reviewer.Id, note: "please review");
        Assert.Equal("sent", (string?)sent["status"]);
        Assert.Equal(reviewer.Id, (long)sent["responsible_user_id"]!);

        await (await author.Client.MoveAsync(id, "in_review")).ExpectProblem(HttpStatusCode.Forbidden, "not_responsible");
        await (await reviewer.Client.MoveAsync(id, "signed")).ExpectProblem(HttpStatusCode.Conflict, "use_sign");
        await (await reviewer.Client.MoveAsync(id, "in_review")).Expect(HttpStatusCode.OK);
        await (await reviewer.Client.MoveAsync(id, "archived")).ExpectProblem(HttpStatusCode.Conflict, "invalid_transition");
        await (await reviewer.Client.MoveAsync(id, "rejected", "missing the dates")).Expect(HttpStatusCode.OK);
        await (await author.Client.PostJson($"/api/v1/documents/{id}/send", new { to_user_id = reviewer.Id }))
            .ExpectProblem(HttpStatusCode.Conflict, "invalid_transition");
        await (await author.Client.MoveAsync(id, "archived")).Expect(HttpStatusCode.OK);
        await (await author.Client.MoveAsync(id, "draft")).ExpectProblem(HttpStatusCode.Conflict, "invalid_transition");

        var detail = await (await author.Client.GetAsync($"/api/v1/documents/{id}")).Expect(HttpStatusCode.OK);
        var history = detail["history"]!.AsArray();
        Assert.Equal(["created", "sent", "status_changed", "status_changed", "status_changed"],
            history.Select(h => (string)h!["action"]!).ToArray());
        Assert.Equal("please review", (string?)history[1]!["note"]);
        Assert.Equal(author.Id, (long)history[1]!["from_user_id"]!);
        Assert.Equal(reviewer.Id, (long)history[1]!["to_user_id"]!);
        Assert.Equal("missing the dates", (string?)history[3]!["note"]);
        Assert.Equal("archived", (string?)history[4]!["to_status"]);

        var audit = await factory.CountAsync("select count(*) from audit_events where entity_type = 'document' and entity_id = @id",
            new { id = id.ToString() });
        Assert.Equal(5, audit); // created, sent, three status changes
    }

    [Fact]
    public async Task Forwarding_keeps_the_status_and_the_previous_holder_keeps_read_only_access()
    {
        var organization = await factory.NewOrganizationAsync();
        var author = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var first = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var second = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var id = await author.Client.CreateTextIdAsync();
        await author.Client.SendAsync(id, toUser: first.Id);
        await (await first.Client.MoveAsync(id, "in_review")).Expect(HttpStatusCode.OK);
        var forwarded = await first.Client.SendAsync(id, toUser: second.Id, note: "yours now");
        Assert.Equal("in_review", (string?)forwarded["status"]);
        Assert.Equal(second.Id, (long)forwarded["responsible_user_id"]!);

        await (await first.Client.GetAsync($"/api/v1/documents/{id}")).Expect(HttpStatusCode.OK);
        await (await first.Client.MoveAsync(id, "rejected")).ExpectProblem(HttpStatusCode.Forbidden, "not_responsible");
        await (await first.Client.PostJson($"/api/v1/documents/{id}/send", new { to_user_id = author.Id }))
            .ExpectProblem(HttpStatusCode.Forbidden, "not_responsible");
        await (await second.Client.PostJson($"/api/v1/documents/{id}/send", new { to_user_id = second.Id }))
            .ExpectProblem(HttpStatusCode.Conflict, "already_responsible");
    }

    [Fact]
    public async Task A_recipient_outside_the_organization_is_404()
    {
        var organization = await factory.NewOrganizationAsync();
        var other = await factory.NewOrganizationAsync("Other Ltd");
        var foreignGroup = await factory.AddDepartmentAsync(other, "HR");
        var stranger = await factory.RegisterAndLoginAsync("Stranger");
        var id = await organization.Owner.Client.CreateTextIdAsync();

        await (await organization.Owner.Client.PostJson($"/api/v1/documents/{id}/send", new { to_user_id = stranger.Id }))
            .ExpectProblem(HttpStatusCode.NotFound, "recipient_not_found");
        await (await organization.Owner.Client.PostJson($"/api/v1/documents/{id}/send", new { to_group_id = foreignGroup }))
            .ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        await (await organization.Owner.Client.PostJson($"/api/v1/documents/{id}/send", new { to_user_id = stranger.Id, to_group_id = foreignGroup }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await organization.Owner.Client.PostJson($"/api/v1/documents/{id}/send", new { }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_document_sent_to_a_department_is_in_every_members_inbox_and_in_the_departments_list()
    {
        var organization = await factory.NewOrganizationAsync();
        var author = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var hr1 = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var hr2 = await factory.AddPersonAsync(organization);
        var outsider = await factory.AddPersonAsync(organization);
        var hr = await factory.AddDepartmentAsync(organization, "HR", hr1, hr2);
        var id = await author.Client.CreateTextIdAsync("Vacation", "two weeks in August");
        await author.Client.SendAsync(id, toGroup: hr);

        foreach (var member in new[] { hr1, hr2 })
        {
            var inbox = await (await member.Client.GetAsync("/api/v1/documents?box=inbox")).Expect(HttpStatusCode.OK);
            Assert.Equal([id], inbox["items"]!.AsArray().Select(d => (long)d!["id"]!).ToArray());
        }
        var sentBox = await (await author.Client.GetAsync("/api/v1/documents?box=sent")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int)sentBox["total"]!);
        Assert.Equal(0, (int)(await (await author.Client.GetAsync("/api/v1/documents?box=inbox")).Expect(HttpStatusCode.OK))["total"]!);
        Assert.Equal(1, (int)(await (await author.Client.GetAsync("/api/v1/documents?box=mine")).Expect(HttpStatusCode.OK))["total"]!);

        var department = await (await hr2.Client.GetAsync($"/api/v1/organizations/{organization.Id}/groups/{hr}/documents"))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int)department["total"]!);
        await (await outsider.Client.GetAsync($"/api/v1/organizations/{organization.Id}/groups/{hr}/documents"))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        var byGroup = await (await organization.Owner.Client.GetAsync($"/api/v1/documents?responsible_group_id={hr}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int)byGroup["total"]!);

        var other = await factory.NewOrganizationAsync("Other Ltd");
        var foreignGroup = await factory.AddDepartmentAsync(other, "HR");
        await (await organization.Owner.Client.GetAsync($"/api/v1/organizations/{organization.Id}/groups/{foreignGroup}/documents"))
            .ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        await (await organization.Owner.Client.GetAsync($"/api/v1/organizations/{other.Id}/groups/{foreignGroup}/documents"))
            .ExpectProblem(HttpStatusCode.NotFound, "organization_not_found");
    }

    [Fact]
    public async Task Search_finds_russian_and_english_words_in_title_description_and_text()
    {
        var organization = await factory.NewOrganizationAsync();
        var client = organization.Owner.Client;
        var russian = await client.CreateTextIdAsync("Приказ об отпуске", "Сотрудникам предоставляются ежегодные отпуска.");
        var english = await client.CreateTextIdAsync("Supply agreement", "The supplier delivers the goods monthly.");
        await (await client.UploadAsync(System.Text.Encoding.UTF8.GetBytes("Договор подряда на ремонт помещений"), "contract.txt", "text/plain"))
            .Expect(HttpStatusCode.Created);
        await client.UploadIdAsync(System.Text.Encoding.UTF8.GetBytes("ремонт"), "binary.pdf"); // not text: not indexed

        async Task<long[]> Find(string q) =>
            (await (await client.GetAsync($"/api/v1/documents?q={Uri.EscapeDataString(q)}")).Expect(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(d => (long)d!["id"]!).ToArray();

        Assert.Equal([russian], await Find("отпуск"));          // stem of the title word
        Assert.Equal([russian], await Find("ежегодный"));       // another form of a text word
        Assert.Equal([english], await Find("delivered"));       // English stemming of the text
        Assert.Single(await Find("ремонта"));                   // in an uploaded text file
        Assert.Empty(await Find("nothing-like-this"));
        Assert.Equal(4, (int)(await (await client.GetAsync("/api/v1/documents?status=draft")).Expect(HttpStatusCode.OK))["total"]!);
        await (await client.GetAsync("/api/v1/documents?box=elsewhere")).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.GetAsync("/api/v1/documents?status=lost")).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
    }
}
