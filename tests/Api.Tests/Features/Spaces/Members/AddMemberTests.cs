using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.Members;

public sealed class AddMemberTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Add_by_email_with_groups_returns_the_member_and_is_audited()
    {
        var (owner, id, url) = await factory.OwnedProjectAsync();
        var dev = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Dev"));
        await factory.AcquaintAsync(owner, dev);
        var developer = await factory.GroupIdAsync(id, "developer");

        var member = await (await owner.Client.PostJson($"{url}/members", new { email = dev.Email.ToUpperInvariant(), role = "member", group_ids = new[] { developer } }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(dev.Id, (long)member["user"]!["id"]!);
        Assert.Equal("developer", (string?)member["groups"]![0]!["name"]);
        Assert.Contains("tasks.edit_own", member["groups"]![0]!["permissions"].Strings());
        Assert.Contains("tasks.edit_own", member["effective_permissions"].Strings());

        var log = await owner.GetAsync($"{url}/audit-log?action=member.added");
        Assert.Equal(dev.Id, (long)log["items"]![0]!["after"]!["user_id"]!);
    }

    [Fact]
    public async Task Add_refuses_bad_input_unknown_users_duplicates_and_callers_without_members_manage()
    {
        var (owner, id, url) = await factory.OwnedProjectAsync();
        var user = await factory.RegisterAndLoginAsync();
        var manager = await factory.RegisterAndLoginAsync();
        await factory.AddMemberAsync(owner, url, manager, "manager");

        await (await owner.Client.PostJson($"{url}/members", new { role = "member" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"{url}/members", new { user_id = user.Id, email = user.Email, role = "member" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"{url}/members", new { user_id = user.Id, role = "owner" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"{url}/members", new { email = "not-an-email", role = "member" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson($"{url}/members", new { user_id = 999999999, role = "member" })).ExpectProblem(HttpStatusCode.NotFound, "user_not_found");
        var denied = await (await manager.Client.PostJson($"{url}/members", new { user_id = user.Id, role = "member" })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("members.manage", (string?)denied["permission"]);
        await (await factory.Anonymous().PostJson($"{url}/members", new { user_id = user.Id, role = "member" })).ExpectProblem(HttpStatusCode.Unauthorized);
        await factory.AddMemberAsync(owner, url, user);
        await (await owner.Client.PostJson($"{url}/members", new { user_id = user.Id, role = "member" })).ExpectProblem(HttpStatusCode.Conflict, "already_member");
    }
}
