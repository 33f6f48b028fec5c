using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces;

/// <summary>Nobody hands out a role whose permissions they do not hold, and nobody raises their own role.</summary>
public sealed class RoleHandOutTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task<(TestUser Owner, long Id, string Url)> OrganizationAsync()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var id = await owner.CreateOrganizationAsync();
        return (owner, id, $"/api/v1/organizations/{id}");
    }

    /// <summary>A plain member who was given only <paramref name="code"/> as a direct grant.</summary>
    private async Task<TestUser> MemberWithOnlyAsync(TestUser owner, long id, string url, string code)
    {
        var member = await factory.RegisterAndLoginAsync("Helper");
        await factory.AddMemberAsync(owner, url, member);
        await (await owner.Client.PutAsync($"{url}/members/{member.Id}/permissions/{code}", null)).Expect(HttpStatusCode.OK);
        return member;
    }

    [Fact]
    public async Task A_member_granted_only_members_manage_cannot_raise_their_own_role_or_hand_out_manager()
    {
        var (owner, id, url) = await OrganizationAsync();
        var helper = await MemberWithOnlyAsync(owner, id, url, "members.manage");

        await (await helper.Client.PatchJson($"{url}/members/{helper.Id}", new { role = "manager" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "own_role_raise_forbidden");

        var colleague = await factory.RegisterAndLoginAsync("Colleague");
        await factory.AcquaintAsync(helper, colleague);
        var denied = await (await helper.Client.PostJson($"{url}/members", new { user_id = colleague.Id, role = "manager" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.False(string.IsNullOrEmpty((string?)denied["permission"]));
        await (await helper.Client.PostJson($"{url}/members", new { user_id = colleague.Id, role = "member" })).Expect(HttpStatusCode.Created);
        await (await helper.Client.PatchJson($"{url}/members/{colleague.Id}", new { role = "manager" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal("member", await db.QuerySingleAsync<string>("select role from memberships where space_id = @id and user_id = @u", new { id, u = helper.Id }));
        Assert.Equal("member", await db.QuerySingleAsync<string>("select role from memberships where space_id = @id and user_id = @u", new { id, u = colleague.Id }));
    }

    [Fact]
    public async Task Inviting_or_approving_as_manager_needs_the_managers_permissions()
    {
        var (owner, id, url) = await OrganizationAsync();
        var inviter = await MemberWithOnlyAsync(owner, id, url, "invitations.manage");
        var reviewer = await MemberWithOnlyAsync(owner, id, url, "join_requests.review");

        await (await inviter.Client.PostJson($"{url}/invitations", new { email = "someone@example.com", role = "manager" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await inviter.Client.PostJson($"{url}/invitations", new { email = "someone@example.com", role = "member" })).Expect(HttpStatusCode.Created);

        // a public project, so that a stranger may ask to join
        var projectId = await owner.CreateProjectAsync("Open", "public");
        var project = $"/api/v1/projects/{projectId}";
        await factory.AddMemberAsync(owner, project, reviewer);
        await (await owner.Client.PutAsync($"{project}/members/{reviewer.Id}/permissions/join_requests.review", null)).Expect(HttpStatusCode.OK);
        var asker = await factory.RegisterAndLoginAsync("Asker");
        var request = await (await asker.Client.PostJson($"{project}/join-requests", new { message = "hi" })).Expect(HttpStatusCode.Created);
        var requestId = (long)request["id"]!;
        await (await reviewer.Client.PostJson($"{project}/join-requests/{requestId}/approve", new { role = "manager" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await reviewer.Client.PostJson($"{project}/join-requests/{requestId}/approve", new { role = "member" })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Lowering_ones_own_role_is_allowed_and_the_owner_hands_out_any_role()
    {
        var (owner, id, url) = await OrganizationAsync();
        var manager = await factory.RegisterAndLoginAsync("Manager");
        await factory.AddMemberAsync(owner, url, manager, "manager");
        await (await owner.Client.PutAsync($"{url}/members/{manager.Id}/permissions/members.manage", null)).Expect(HttpStatusCode.OK);
        var lowered = await (await manager.Client.PatchJson($"{url}/members/{manager.Id}", new { role = "member" })).Expect(HttpStatusCode.OK);
        Assert.Equal("member", (string?)lowered["role"]);

        var admin = await factory.RegisterAndLoginAsync("Admin");
        await factory.AddMemberAsync(owner, url, admin, "admin");
    }
}
