using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces;

public sealed class OwnershipAndAuditTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
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

    [Fact]
    public async Task The_audit_log_pages_by_cursor_and_filters_by_action_actor_and_time()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var admin = await factory.RegisterAndLoginAsync();
        var member = await factory.RegisterAndLoginAsync();
        var url = $"/api/v1/projects/{await owner.CreateProjectAsync()}";
        await factory.AddMemberAsync(owner, url, admin, "admin");
        await factory.AddMemberAsync(owner, url, member);
        for (var i = 0; i < 3; i++)
            await (await admin.Client.PatchJson(url, new { name = $"Name {i}" })).Expect(HttpStatusCode.OK);

        var first = await owner.GetAsync($"{url}/audit-log?limit=2");
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var cursor = (string)first["next_cursor"]!;
        var second = await owner.GetAsync($"{url}/audit-log?limit=2&cursor={cursor}");
        Assert.True((long)second["items"]![0]!["id"]! < (long)first["items"]![1]!["id"]!);
        var all = await owner.GetAsync($"{url}/audit-log?limit=200");
        Assert.Null((string?)all["next_cursor"]);
        Assert.Equal(6, all["items"]!.AsArray().Count);

        var byAdmin = await owner.GetAsync($"{url}/audit-log?actor_id={admin.Id}");
        Assert.Equal(3, byAdmin["items"]!.AsArray().Count);
        Assert.All(byAdmin["items"]!.AsArray(), e => Assert.Equal("space.updated", (string?)e!["action"]));
        var entry = byAdmin["items"]![0]!;
        Assert.False(string.IsNullOrEmpty((string?)entry["request_id"]));
        Assert.False(string.IsNullOrEmpty((string?)entry["ip"]));
        Assert.Equal("space", (string?)entry["entity_type"]);

        var future = Uri.EscapeDataString(DateTime.UtcNow.AddHours(1).ToString("O"));
        Assert.Empty((await owner.GetAsync($"{url}/audit-log?since={future}"))["items"]!.AsArray());
        Assert.Equal(6, (await owner.GetAsync($"{url}/audit-log?until={future}"))["items"]!.AsArray().Count);

        var denied = await (await member.Client.GetAsync($"{url}/audit-log")).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("audit.read", (string?)denied["permission"]);
        await (await owner.Client.GetAsync($"{url}/audit-log?limit=0")).ExpectProblem(HttpStatusCode.BadRequest, "limit_out_of_range");
        await (await owner.Client.GetAsync($"{url}/audit-log?cursor=abc")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await owner.Client.GetAsync($"{url}/audit-log?since=yesterday")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.GetAsync("/api/v1/projects/999999999/audit-log")).ExpectProblem(HttpStatusCode.NotFound);
    }
}
