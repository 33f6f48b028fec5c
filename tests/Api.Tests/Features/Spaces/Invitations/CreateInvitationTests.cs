using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces.Invitations;

public sealed class CreateInvitationTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Inviting_needs_invitations_manage_and_admins_manage_for_the_admin_role()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var admin = await factory.RegisterAndLoginAsync();
        var member = await factory.RegisterAndLoginAsync();
        var id = await owner.CreateProjectAsync();
        var url = $"/api/v1/projects/{id}";
        await factory.AddMemberAsync(owner, url, admin, "admin");
        await factory.AddMemberAsync(owner, url, member);

        var denied = await (await member.Client.PostJson($"{url}/invitations", new { email = "x@example.com", role = "member" })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("invitations.manage", (string?)denied["permission"]);
        await (await member.Client.GetAsync($"{url}/invitations")).ExpectProblem(HttpStatusCode.Forbidden);
        var adminRole = await (await admin.Client.PostJson($"{url}/invitations", new { email = "y@example.com", role = "admin" })).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("admins.manage", (string?)adminRole["permission"]);
        await (await admin.Client.PostJson($"{url}/invitations", new { user_id = 999999999, role = "member" })).ExpectProblem(HttpStatusCode.NotFound, "user_not_found");
        await (await admin.Client.PostJson($"{url}/invitations", new { email = "nope", role = "member" })).ExpectProblem(HttpStatusCode.BadRequest);
        var otherProject = await owner.CreateProjectAsync("Other");
        await (await admin.Client.PostJson($"{url}/invitations", new { email = "z@example.com", role = "member", group_ids = new[] { await factory.GroupIdAsync(otherProject, "lead") } }))
            .ExpectProblem(HttpStatusCode.NotFound, "group_not_found");
        await (await admin.Client.DeleteAsync($"{url}/invitations/999999999")).ExpectProblem(HttpStatusCode.NotFound);
        await (await admin.Client.GetAsync($"{url}/invitations?status=nope")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await factory.Anonymous().PostAsync("/api/v1/invitations/1/accept", null)).ExpectProblem(HttpStatusCode.Unauthorized);
    }
}
