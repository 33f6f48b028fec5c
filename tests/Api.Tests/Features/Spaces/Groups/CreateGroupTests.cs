using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.Groups;

public sealed class CreateGroupTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Groups_are_created_renamed_given_permissions_and_deleted_with_audit_events()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var url = $"/api/v1/organizations/{await owner.CreateOrganizationAsync()}";
        var created = await (await owner.Client.PostJson($"{url}/groups", new { name = "HR", description = "People", permissions = new[] { "documents.send" } }))
            .Expect(HttpStatusCode.Created);
        var groupId = (long)created["id"]!;
        Assert.Equal(["documents.send"], created["permissions"].Strings());

        await (await owner.Client.PostJson($"{url}/groups", new { name = "hr" })).ExpectProblem(HttpStatusCode.Conflict, "group_name_taken");
        await (await owner.Client.PostJson($"{url}/groups", new { name = "" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"{url}/groups", new { name = "X", permissions = new[] { "tasks.review" } })).ExpectProblem(HttpStatusCode.NotFound, "permission_not_found");
        await (await owner.Client.PostJson($"{url}/groups", new { name = "Y", permissions = new[] { "Bad Code" } })).ExpectProblem(HttpStatusCode.BadRequest);

        var renamed = await (await owner.Client.PatchJson($"{url}/groups/{groupId}", new { name = "People" })).Expect(HttpStatusCode.OK);
        Assert.Equal("People", (string?)renamed["name"]);
        var added = await (await owner.Client.PutAsync($"{url}/groups/{groupId}/permissions/documents.sign", null)).Expect(HttpStatusCode.OK);
        Assert.Equal(["documents.send", "documents.sign"], added["permissions"].Strings());
        var removed = await (await owner.Client.DeleteAsync($"{url}/groups/{groupId}/permissions/documents.send")).Expect(HttpStatusCode.OK);
        Assert.Equal(["documents.sign"], removed["permissions"].Strings());
        await (await owner.Client.PutAsync($"{url}/groups/{groupId}/permissions/nope.nope", null)).ExpectProblem(HttpStatusCode.NotFound, "permission_not_found");
        await (await owner.Client.PatchJson($"{url}/groups/999999999", new { name = "Z" })).ExpectProblem(HttpStatusCode.NotFound);
        await (await owner.Client.DeleteAsync($"{url}/groups/{groupId}")).Expect(HttpStatusCode.NoContent);
        await (await owner.Client.DeleteAsync($"{url}/groups/{groupId}")).ExpectProblem(HttpStatusCode.NotFound);

        var actions = (await owner.GetAsync($"{url}/audit-log"))["items"]!.AsArray().Select(e => (string)e!["action"]!).ToArray();
        Assert.Contains("group.created", actions);
        Assert.Contains("group.updated", actions);
        Assert.Contains("group.permission_added", actions);
        Assert.Contains("group.permission_removed", actions);
        Assert.Contains("group.deleted", actions);
    }
}
