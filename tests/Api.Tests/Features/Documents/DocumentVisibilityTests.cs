using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>Who reads a document: author, responsible user or group member, people it passed through, documents.read_all; nobody else.</summary>
public sealed class DocumentVisibilityTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static async Task<HttpStatusCode> ReadAsync(TestUser user, long id) => (await user.Client.GetAsync($"/api/v1/documents/{id}")).StatusCode;

    [Fact]
    public async Task Each_kind_of_reader_sees_it_and_everyone_else_gets_404()
    {
        var organization = await factory.NewOrganizationAsync();
        var author = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var holder = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var hrMember = await factory.AddPersonAsync(organization);
        var bystander = await factory.AddPersonAsync(organization);
        var auditor = await factory.AddPersonAsync(organization, "member", "documents.read_all");
        var manager = await factory.AddPersonAsync(organization, "manager");
        var hr = await factory.AddDepartmentAsync(organization, "HR", hrMember);
        var id = await author.Client.CreateTextIdAsync();

        Assert.Equal(HttpStatusCode.OK, await ReadAsync(author, id));
        Assert.Equal(HttpStatusCode.NotFound, await ReadAsync(holder, id));
        Assert.Equal(HttpStatusCode.NotFound, await ReadAsync(hrMember, id));
        Assert.Equal(HttpStatusCode.NotFound, await ReadAsync(bystander, id));
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(auditor, id));
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(manager, id)); // managers hold documents.read_all by role
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(organization.Owner, id));

        await author.Client.SendAsync(id, toUser: holder.Id);
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(holder, id));
        await holder.Client.SendAsync(id, toGroup: hr);
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(hrMember, id));
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(holder, id)); // passed through: read-only
        Assert.Equal(HttpStatusCode.NotFound, await ReadAsync(bystander, id));

        // the list shows the same: the bystander's "all" is empty, the auditor's holds it
        Assert.Equal(0, (int)(await (await bystander.Client.GetAsync("/api/v1/documents")).Expect(HttpStatusCode.OK))["total"]!);
        Assert.Equal(1, (int)(await (await auditor.Client.GetAsync("/api/v1/documents")).Expect(HttpStatusCode.OK))["total"]!);
        await (await bystander.Client.GetAsync($"/api/v1/documents/{id}/content")).ExpectProblem(HttpStatusCode.NotFound, "document_not_found");
        Assert.Equal(HttpStatusCode.OK, (await hrMember.Client.GetAsync($"/api/v1/documents/{id}/content")).StatusCode);

        // reading is not acting: the auditor cannot move it, the holder who passed it on cannot either
        await (await auditor.Client.MoveAsync(id, "in_review")).ExpectProblem(HttpStatusCode.Forbidden, "not_responsible");
        await (await holder.Client.MoveAsync(id, "in_review")).ExpectProblem(HttpStatusCode.Forbidden, "not_responsible");
        await (await hrMember.Client.MoveAsync(id, "in_review")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Leaving_the_department_ends_access_to_its_documents()
    {
        var organization = await factory.NewOrganizationAsync();
        var member = await factory.AddPersonAsync(organization);
        var hr = await factory.AddDepartmentAsync(organization, "HR", member);
        var id = await organization.Owner.Client.CreateTextIdAsync();
        await organization.Owner.Client.SendAsync(id, toGroup: hr);
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(member, id));

        await (await organization.Owner.Client.PutJson($"/api/v1/organizations/{organization.Id}/members/{member.Id}/groups",
            new { group_ids = Array.Empty<long>() })).Expect(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, await ReadAsync(member, id));
    }

    [Fact]
    public async Task Deleting_a_department_hands_its_documents_back_to_their_authors()
    {
        var organization = await factory.NewOrganizationAsync();
        var author = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var hr = await factory.AddDepartmentAsync(organization, "HR");
        var id = await author.Client.CreateTextIdAsync();
        await author.Client.SendAsync(id, toGroup: hr);

        await (await organization.Owner.Client.DeleteAsync($"/api/v1/organizations/{organization.Id}/groups/{hr}")).Expect(HttpStatusCode.NoContent);
        var detail = await (await author.Client.GetAsync($"/api/v1/documents/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(author.Id, (long)detail["document"]!["responsible_user_id"]!);
        Assert.Equal("responsibility_returned", (string?)detail["history"]!.AsArray()[^1]!["action"]);
    }
}
