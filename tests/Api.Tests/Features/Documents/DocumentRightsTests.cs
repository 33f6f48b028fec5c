using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Features.Spaces;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>The seven switchable rights of brief 002, each switched on and off through the API, and the role defaults.</summary>
public sealed class DocumentRightsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static string Grant(CrmOrganization organization, TestUser user, string code) =>
        $"/api/v1/organizations/{organization.Id}/members/{user.Id}/permissions/{code}";

    private static async Task SwitchOnAsync(CrmOrganization organization, TestUser user, string code) =>
        await (await organization.Owner.Client.PutAsync(Grant(organization, user, code), null)).Expect(HttpStatusCode.OK);

    private static async Task SwitchOffAsync(CrmOrganization organization, TestUser user, string code) =>
        await (await organization.Owner.Client.DeleteAsync(Grant(organization, user, code))).Expect(HttpStatusCode.OK);

    private static async Task DeniedAsync(HttpResponseMessage response, string code)
    {
        var problem = await response.ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal(code, (string?)problem["permission"]);
    }

    [Fact]
    public async Task Create_is_switched_on_and_off()
    {
        var organization = await factory.NewOrganizationAsync();
        var person = await factory.AddPersonAsync(organization);
        await DeniedAsync(await person.Client.PostJson("/api/v1/documents", new { title = "t", text = "x" }), "documents.create");
        await DeniedAsync(await person.Client.UploadAsync([1, 2]), "documents.create");
        await SwitchOnAsync(organization, person, "documents.create");
        await person.Client.CreateTextIdAsync();
        await (await person.Client.UploadAsync([1, 2])).Expect(HttpStatusCode.Created);
        await SwitchOffAsync(organization, person, "documents.create");
        await DeniedAsync(await person.Client.PostJson("/api/v1/documents", new { title = "t", text = "x" }), "documents.create");
    }

    [Fact]
    public async Task Manage_own_is_switched_on_and_off()
    {
        var organization = await factory.NewOrganizationAsync();
        var person = await factory.AddPersonAsync(organization, "member", "documents.create");
        var id = await person.Client.CreateTextIdAsync();
        await DeniedAsync(await person.Client.PatchJson($"/api/v1/documents/{id}", new { title = "new" }), "documents.manage_own");
        await DeniedAsync(await person.Client.PutAsync($"/api/v1/documents/{id}/content", DocumentsWorld.FileForm([1])), "documents.manage_own");
        await DeniedAsync(await person.Client.DeleteAsync($"/api/v1/documents/{id}"), "documents.manage_own");
        await SwitchOnAsync(organization, person, "documents.manage_own");
        await (await person.Client.PatchJson($"/api/v1/documents/{id}", new { title = "new" })).Expect(HttpStatusCode.OK);
        await (await person.Client.PutAsync($"/api/v1/documents/{id}/content", DocumentsWorld.FileForm([1]))).Expect(HttpStatusCode.OK);
        await SwitchOffAsync(organization, person, "documents.manage_own");
        await DeniedAsync(await person.Client.DeleteAsync($"/api/v1/documents/{id}"), "documents.manage_own");
        await SwitchOnAsync(organization, person, "documents.manage_own");
        await (await person.Client.DeleteAsync($"/api/v1/documents/{id}")).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Manage_own_covers_only_ones_own_documents()
    {
        var organization = await factory.NewOrganizationAsync();
        var person = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var auditor = await factory.AddPersonAsync(organization, "member", "documents.manage_own", "documents.read_all");
        var id = await person.Client.CreateTextIdAsync();
        await DeniedAsync(await auditor.Client.PatchJson($"/api/v1/documents/{id}", new { title = "mine now" }), "documents.manage_own");
    }

    [Fact]
    public async Task Send_is_switched_on_and_off()
    {
        var organization = await factory.NewOrganizationAsync();
        var person = await factory.AddPersonAsync(organization, "member", "documents.create");
        var id = await person.Client.CreateTextIdAsync();
        await DeniedAsync(await person.Client.PostJson($"/api/v1/documents/{id}/send", new { to_user_id = organization.Owner.Id }), "documents.send");
        await SwitchOnAsync(organization, person, "documents.send");
        await person.Client.SendAsync(id, toUser: organization.Owner.Id);
        await SwitchOffAsync(organization, person, "documents.send");
        var second = await person.Client.CreateTextIdAsync();
        await DeniedAsync(await person.Client.PostJson($"/api/v1/documents/{second}/send", new { to_user_id = organization.Owner.Id }), "documents.send");
    }

    [Fact]
    public async Task Sign_is_switched_on_and_off()
    {
        var organization = await factory.NewOrganizationAsync();
        var person = await factory.AddPersonAsync(organization);
        var first = await organization.Owner.Client.CreateTextIdAsync();
        var second = await organization.Owner.Client.CreateTextIdAsync();
        await organization.Owner.Client.SendAsync(first, toUser: person.Id);
        await organization.Owner.Client.SendAsync(second, toUser: person.Id);
        await DeniedAsync(await person.Client.PostJson($"/api/v1/documents/{first}/sign", new { }), "documents.sign");
        await SwitchOnAsync(organization, person, "documents.sign");
        await (await person.Client.PostJson($"/api/v1/documents/{first}/sign", new { })).Expect(HttpStatusCode.Created);
        await SwitchOffAsync(organization, person, "documents.sign");
        await DeniedAsync(await person.Client.PostJson($"/api/v1/documents/{second}/sign", new { }), "documents.sign");
    }

    [Fact]
    public async Task Statistics_are_switched_on_and_off()
    {
        var organization = await factory.NewOrganizationAsync();
        var person = await factory.AddPersonAsync(organization);
        await DeniedAsync(await person.Client.GetAsync("/api/v1/documents/statistics"), "statistics.view");
        await SwitchOnAsync(organization, person, "statistics.view");
        await (await person.Client.GetAsync("/api/v1/documents/statistics")).Expect(HttpStatusCode.OK);
        await SwitchOffAsync(organization, person, "statistics.view");
        await DeniedAsync(await person.Client.GetAsync("/api/v1/documents/statistics"), "statistics.view");
    }

    [Fact]
    public async Task Members_manage_is_switched_on_and_off()
    {
        var organization = await factory.NewOrganizationAsync();
        var person = await factory.AddPersonAsync(organization);
        var newcomer = await factory.RegisterAndLoginAsync("Newcomer");
        await factory.AcquaintAsync(person, newcomer); // an id resolves only to someone the adder shares a space with
        var add = $"/api/v1/organizations/{organization.Id}/members";
        await DeniedAsync(await person.Client.PostJson(add, new { user_id = newcomer.Id, role = "member" }), "members.manage");
        await SwitchOnAsync(organization, person, "members.manage");
        await (await person.Client.PostJson(add, new { user_id = newcomer.Id, role = "member" })).Expect(HttpStatusCode.Created);
        await SwitchOffAsync(organization, person, "members.manage");
        await DeniedAsync(await person.Client.DeleteAsync($"{add}/{newcomer.Id}"), "members.manage");
    }

    [Fact]
    public async Task Permissions_grant_is_switched_on_and_off()
    {
        var organization = await factory.NewOrganizationAsync();
        var person = await factory.AddPersonAsync(organization, "member", "documents.sign");
        var colleague = await factory.AddPersonAsync(organization);
        await DeniedAsync(await person.Client.PutAsync(Grant(organization, colleague, "documents.sign"), null), "permissions.grant");
        await SwitchOnAsync(organization, person, "permissions.grant");
        await (await person.Client.PutAsync(Grant(organization, colleague, "documents.sign"), null)).Expect(HttpStatusCode.OK);
        await SwitchOffAsync(organization, person, "permissions.grant");
        await DeniedAsync(await person.Client.DeleteAsync(Grant(organization, colleague, "documents.sign")), "permissions.grant");
    }

    [Fact]
    public async Task A_department_gives_its_rights_to_its_members()
    {
        var organization = await factory.NewOrganizationAsync();
        var person = await factory.AddPersonAsync(organization);
        await DeniedAsync(await person.Client.GetAsync("/api/v1/documents/statistics"), "statistics.view");
        var group = await (await organization.Owner.Client.PostJson($"/api/v1/organizations/{organization.Id}/groups",
            new { name = "Analysts", permissions = new[] { "statistics.view" } })).Expect(HttpStatusCode.Created);
        await (await organization.Owner.Client.PutJson($"/api/v1/organizations/{organization.Id}/members/{person.Id}/groups",
            new { group_ids = new[] { (long)group["id"]! } })).Expect(HttpStatusCode.OK);
        await (await person.Client.GetAsync("/api/v1/documents/statistics")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Role_defaults_member_none_manager_documents_admin_all()
    {
        var organization = await factory.NewOrganizationAsync();
        var member = await factory.AddPersonAsync(organization);
        var manager = await factory.AddPersonAsync(organization, "manager");
        var admin = await factory.AddPersonAsync(organization, "admin");
        string[] seven = ["documents.manage_own", "documents.send", "documents.create", "documents.sign", "statistics.view", "members.manage",
            "permissions.grant"];
        await using var db = await factory.OpenDatabaseAsync();
        async Task<string[]> Held(TestUser user) => (await db.QueryAsync<string>(
            "select distinct code from member_effective_permissions where space_id = @space and user_id = @user and code = any(@codes) order by code",
            new { space = organization.Id, user = user.Id, codes = seven.Append("documents.read_all").Append("documents.manage_all").ToArray() })).ToArray();

        Assert.Empty(await Held(member));
        Assert.Equal(["documents.create", "documents.manage_all", "documents.manage_own", "documents.read_all", "documents.send", "documents.sign",
            "statistics.view"], await Held(manager));
        Assert.Equal(9, (await Held(admin)).Length);
        Assert.Equal(9, (await Held(organization.Owner)).Length);
    }
}
