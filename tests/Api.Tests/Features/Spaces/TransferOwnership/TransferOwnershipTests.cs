using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.TransferOwnership;

public sealed class TransferOwnershipTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task The_owner_transfers_ownership_to_a_member_and_becomes_admin()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var heir = await factory.RegisterAndLoginAsync();
        var stranger = await factory.RegisterAndLoginAsync();
        var url = $"/api/v1/organizations/{await owner.CreateOrganizationAsync()}";
        await factory.AddMemberAsync(owner, url, heir, "admin");

        var denied = await (await heir.Client.PostJson($"{url}/transfer-ownership", new { user_id = heir.Id })).ExpectProblem(HttpStatusCode.Forbidden, "owner_only");
        Assert.NotNull(denied);
        await (await owner.Client.PostJson($"{url}/transfer-ownership", new { user_id = stranger.Id })).ExpectProblem(HttpStatusCode.NotFound, "member_not_found");
        await (await owner.Client.PostJson($"{url}/transfer-ownership", new { user_id = owner.Id })).ExpectProblem(HttpStatusCode.Conflict, "already_owner");
        await (await owner.Client.PostJson($"{url}/transfer-ownership", new { user_id = 0 })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await stranger.Client.PostJson($"{url}/transfer-ownership", new { user_id = stranger.Id })).ExpectProblem(HttpStatusCode.NotFound);

        var space = await (await owner.Client.PostJson($"{url}/transfer-ownership", new { user_id = heir.Id })).Expect(HttpStatusCode.OK);
        Assert.Equal(heir.Id, (long)space["owner_id"]!);
        Assert.Equal("admin", (string?)space["role"]);
        // the new owner now is the one who cannot be removed, and may remove the old owner (an admin)
        await (await owner.Client.DeleteAsync($"{url}/members/{heir.Id}")).ExpectProblem(HttpStatusCode.Conflict, "owner_immutable");
        await (await heir.Client.DeleteAsync($"{url}/members/{owner.Id}")).Expect(HttpStatusCode.NoContent);

        var log = await heir.GetAsync($"{url}/audit-log?action=ownership.transferred");
        Assert.Equal(owner.Id, (long)log["items"]![0]!["before"]!["owner_id"]!);
        Assert.Equal(heir.Id, (long)log["items"]![0]!["after"]!["owner_id"]!);
    }
}
