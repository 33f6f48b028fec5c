using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces;

/// <summary>Deleting a space hides it at once; its owner may bring it back for a while; nothing in it is lost until then.</summary>
public sealed class SoftDeleteTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_deleted_project_is_404_everywhere_at_once_and_its_owner_restores_it_whole()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var member = await factory.RegisterAndLoginAsync("Member");
        var id = await owner.CreateProjectAsync("Doomed", "public");
        var url = $"/api/v1/projects/{id}";
        await factory.AddMemberAsync(owner, url, member, "admin");
        var task = await (await owner.Client.PostJson($"{url}/tasks", new { title = "Keep me" })).Expect(HttpStatusCode.Created);

        await (await member.Client.DeleteAsync(url)).Expect(HttpStatusCode.NoContent);

        foreach (var who in new[] { owner, member })
        {
            await (await who.Client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
            await (await who.Client.GetAsync($"{url}/tasks")).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
            await (await who.Client.GetAsync($"{url}/members")).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
            Assert.DoesNotContain((await who.GetAsync("/api/v1/projects?page_size=100"))["items"]!.AsArray(), p => (long)p!["id"]! == id);
            Assert.DoesNotContain((await who.GetAsync("/api/v1/me/projects?page_size=100"))["items"]!.AsArray(), p => (long)p!["project"]!["id"]! == id);
        }
        // only the owner restores; to anyone else a deleted space does not exist
        await (await member.Client.PostAsync($"{url}/restore", null)).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");

        var restored = await (await owner.Client.PostAsync($"{url}/restore", null)).Expect(HttpStatusCode.OK);
        Assert.Equal("Doomed", (string?)restored["name"]);
        var back = await member.GetAsync($"{url}/tasks/{(long)task["id"]!}");
        Assert.Equal("Keep me", (string?)back["title"]);
        await (await owner.Client.PostAsync($"{url}/restore", null)).ExpectProblem(HttpStatusCode.Conflict, "space_not_deleted");
        var actions = (await owner.GetAsync($"{url}/audit-log"))["items"]!.AsArray().Select(e => (string)e!["action"]!).ToArray();
        Assert.Contains("space.deleted", actions);
        Assert.Contains("space.restored", actions);
    }

    [Fact]
    public async Task A_deleted_organization_closes_its_crm_and_its_invitations()
    {
        var organization = await factory.NewOrganizationAsync();
        var client = organization.Owner.Client;
        var contact = await client.CreateContactAsync();
        var invitee = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Invitee"));
        var url = $"/api/v1/organizations/{organization.Id}";
        var invitation = (long)(await (await client.PostJson($"{url}/invitations", new { email = invitee.Email, role = "member" })).Expect(HttpStatusCode.Created))["id"]!;

        await (await client.DeleteAsync(url)).Expect(HttpStatusCode.NoContent);

        await (await client.GetAsync($"/api/v1/contacts/{contact}")).ExpectProblem(HttpStatusCode.NotFound, "organization_not_found");
        Assert.Empty((await invitee.GetAsync("/api/v1/me/invitations"))["items"]!.AsArray());
        await (await invitee.Client.PostAsync($"/api/v1/invitations/{invitation}/accept", null)).ExpectProblem(HttpStatusCode.NotFound, "invitation_not_found");
        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>("select count(*)::int from crm_contacts where id = @contact", new { contact }));
    }

    [Fact]
    public async Task Past_the_restore_period_the_space_cannot_come_back()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var id = await owner.CreateProjectAsync("Old");
        var url = $"/api/v1/projects/{id}";
        await (await owner.Client.DeleteAsync(url)).Expect(HttpStatusCode.NoContent);
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update spaces set deleted_at = now() - interval '31 days' where id = @id", new { id });
        await (await owner.Client.PostAsync($"{url}/restore", null)).ExpectProblem(HttpStatusCode.Conflict, "restore_period_over");
    }

    [Fact]
    public async Task An_admin_cannot_take_back_an_admins_manage_grant_the_owner_gave()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var first = await factory.RegisterAndLoginAsync("First admin");
        var second = await factory.RegisterAndLoginAsync("Second admin");
        var url = $"/api/v1/organizations/{await owner.CreateOrganizationAsync()}";
        await factory.AddMemberAsync(owner, url, first, "admin");
        await factory.AddMemberAsync(owner, url, second, "admin");
        foreach (var admin in new[] { first, second })
        {
            await (await owner.Client.PutAsync($"{url}/members/{admin.Id}/permissions/admins.manage", null)).Expect(HttpStatusCode.OK);
            await (await owner.Client.PutAsync($"{url}/members/{admin.Id}/permissions/permissions.grant", null)).Expect(HttpStatusCode.OK);
        }

        await (await second.Client.DeleteAsync($"{url}/members/{first.Id}/permissions/admins.manage"))
            .ExpectProblem(HttpStatusCode.Forbidden, "owner_grant_protected");
        await (await owner.Client.DeleteAsync($"{url}/members/{first.Id}/permissions/admins.manage")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_worker_purges_a_deleted_space_once_its_restore_period_is_over_and_never_a_restored_one()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var gone = await owner.CreateProjectAsync("Gone");
        var kept = await owner.CreateProjectAsync("Kept");
        await (await owner.Client.PostJson($"/api/v1/projects/{gone}/tasks", new { title = "Lost with it" })).Expect(HttpStatusCode.Created);
        foreach (var id in new[] { gone, kept })
            await (await owner.Client.DeleteAsync($"/api/v1/projects/{id}")).Expect(HttpStatusCode.NoContent);
        await (await owner.Client.PostAsync($"/api/v1/projects/{kept}/restore", null)).Expect(HttpStatusCode.OK);

        await using var db = await factory.OpenDatabaseAsync();
        var due = await db.QuerySingleAsync<double>(
            "select extract(epoch from min(run_at) - now()) / 86400 from jobs where kind = 'spaces.purge' and status = 'pending'");
        Assert.InRange(due, 29.9, 30.1);
        await factory.NewWorker().RunBatchAsync(CancellationToken.None); // what is due now (mail); the purges are not
        Assert.Equal(2, await db.QuerySingleAsync<int>("select count(*)::int from jobs where kind = 'spaces.purge' and status = 'pending'"));

        // time passes: the restore period is over and the jobs are due
        await db.ExecuteAsync("update spaces set deleted_at = now() - interval '31 days' where id = @gone", new { gone });
        await db.ExecuteAsync("update jobs set run_at = now() where kind = 'spaces.purge'");
        while (await factory.NewWorker().RunBatchAsync(CancellationToken.None) > 0)
        {
        }

        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from spaces where id = @gone", new { gone }));
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from project_tasks where project_id = @gone", new { gone }));
        Assert.True(await db.QuerySingleAsync<int>("select count(*)::int from audit_events where space_id = @gone", new { gone }) > 0);
        await owner.GetAsync($"/api/v1/projects/{kept}");
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from jobs where kind = 'spaces.purge' and status <> 'done'"));
    }
}
