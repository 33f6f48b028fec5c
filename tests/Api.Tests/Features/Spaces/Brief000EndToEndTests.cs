using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;
using Dapper;
using Snapshooter.Xunit;

namespace Atrium.Api.Tests.Features.Spaces;

/// <summary>Brief 000 from start to end through the API, and a snapshot of a members listing.</summary>
public sealed class Brief000EndToEndTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Brief_000_end_to_end()
    {
        // users register; two projects exist
        var olga = await factory.RegisterAndLoginAsync("Olga Owner");
        var ann = await factory.RegisterAndLoginAsync("Ann Applicant");
        var bob = await factory.RegisterAndLoginAsync("Bob Rejected");
        var zed = await factory.RegisterAndLoginAsync("Zed Other");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var apollo = await olga.CreateProjectAsync($"Apollo {tag}");
        var zeus = await zed.CreateProjectAsync($"Zeus {tag}");
        var url = $"/api/v1/projects/{apollo}";

        // the directory shows every project with its member count
        var directory = await ann.GetAsync($"/api/v1/projects?q={tag}");
        Assert.Equal(2, (long)directory["total"]!);
        Assert.All(directory["items"]!.AsArray(), p => Assert.Equal(1, (long)p!["member_count"]!));

        // a join request approved, another rejected
        var annRequest = (long)(await (await ann.Client.PostJson($"{url}/join-requests", new { message = "Hi" })).Expect(HttpStatusCode.Created))["id"]!;
        var bobRequest = (long)(await (await bob.Client.PostJson($"{url}/join-requests", new { })).Expect(HttpStatusCode.Created))["id"]!;
        var waiting = await olga.GetAsync($"{url}/join-requests?status=pending");
        Assert.Equal(2, (long)waiting["total"]!);
        var developer = await factory.GroupIdAsync(apollo, "developer");
        await (await olga.Client.PostJson($"{url}/join-requests/{annRequest}/approve", new { group_ids = new[] { developer } })).Expect(HttpStatusCode.OK);
        await (await olga.Client.PostJson($"{url}/join-requests/{bobRequest}/reject", new { reason = "Not now" })).Expect(HttpStatusCode.OK);
        Assert.Equal("rejected", (string?)(await bob.GetAsync("/api/v1/me/join-requests"))["items"]![0]!["status"]);

        // an invitation to an address without an account; the person registers, confirms the address and accepts
        var newEmail = $"newbie.{tag}@example.com";
        var invitation = await (await olga.Client.PostJson($"{url}/invitations", new { email = newEmail, role = "member" })).Expect(HttpStatusCode.Created);
        Assert.Null(invitation["user"]);
        var newbie = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Nina Newbie", email: newEmail.ToUpperInvariant()));
        var mine = (await newbie.GetAsync("/api/v1/me/invitations"))["items"]!.AsArray();
        Assert.Equal((long)invitation["id"]!, (long)mine.Single()!["id"]!);
        await (await newbie.Client.PostAsync($"/api/v1/invitations/{(long)invitation["id"]!}/accept", null)).Expect(HttpStatusCode.OK);

        // a custom permission, a group holding it, and assignments
        await (await olga.Client.PostJson($"{url}/permissions", new { code = "docs.publish", description = "Publish documents" })).Expect(HttpStatusCode.Created);
        var writers = await olga.CreateGroupAsync(url, "writers", "docs.publish", "tasks.review");
        await (await olga.Client.PutJson($"{url}/members/{ann.Id}/groups", new { group_ids = new[] { developer, writers } })).Expect(HttpStatusCode.OK);
        await (await olga.Client.PutJson($"{url}/members/{newbie.Id}/groups", new { group_ids = new[] { writers } })).Expect(HttpStatusCode.OK);
        await (await olga.Client.PutAsync($"{url}/members/{newbie.Id}/permissions/tasks.assign", null)).Expect(HttpStatusCode.OK);

        // three permissions plus a group: only Nina holds all three inside "writers"
        var filtered = await olga.GetAsync($"{url}/members?permission=docs.publish&permission=tasks.review&permission=tasks.assign&group={writers}");
        Assert.Equal(1, (long)filtered["total"]!);
        var nina = filtered["items"]![0]!;
        Assert.Equal(newbie.Id, (long)nina["user"]!["id"]!);
        Assert.Equal(["docs.publish", "tasks.review"], nina["groups"]![0]!["permissions"].Strings());
        Assert.Equal(["tasks.assign"], nina["direct_permissions"].Strings());
        // without the group the owner (who holds everything) matches too
        var withoutGroup = await olga.GetAsync($"{url}/members?permission=docs.publish&permission=tasks.review&permission=tasks.assign");
        Assert.Equal(new[] { olga.Id, newbie.Id }.Order(), withoutGroup["items"]!.AsArray().Select(m => (long)m!["user"]!["id"]!).Order());

        // my projects with my permissions
        var annProjects = await ann.GetAsync("/api/v1/me/projects");
        var annApollo = annProjects["items"]!.AsArray().Single(p => (long)p!["project"]!["id"]! == apollo)!;
        Assert.Equal(["developer", "writers"], annApollo["groups"]!.AsArray().Select(g => (string)g!["name"]!));
        Assert.Contains("docs.publish", annApollo["effective_permissions"].Strings());
        Assert.Contains("tasks.edit_own", annApollo["effective_permissions"].Strings());
        Assert.DoesNotContain(annProjects["items"]!.AsArray(), p => (long)p!["project"]!["id"]! == zeus);
        Assert.Equal(3, (long)(await zed.GetAsync($"/api/v1/projects/{apollo}"))["member_count"]!);

        // the audit log shows every step, oldest last
        var log = await olga.GetAsync($"{url}/audit-log?limit=200");
        var actions = log["items"]!.AsArray().Select(e => (string)e!["action"]!).Reverse().ToArray();
        Assert.Equal(
        [
            "space.created",
            "join_request.created", "join_request.created",
            "join_request.approved", "member.added",
            "join_request.rejected",
            "invitation.created",
            "invitation.accepted", "member.added",
            "permission.created",
            "group.created",
            "member.groups_changed", "member.groups_changed",
            "grant.added",
        ], actions);
        var accepted = log["items"]!.AsArray().First(e => (string?)e!["action"] == "invitation.accepted")!;
        Assert.Equal(newbie.Id, (long)accepted["actor"]!["id"]!);
        Assert.Equal("pending", (string?)accepted["before"]!["status"]);
        Assert.Equal("accepted", (string?)accepted["after"]!["status"]);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(0L, await db.QuerySingleAsync<long>(
            "select count(*) from memberships where access_tokens is distinct from member_access_tokens(space_id, user_id)"));
    }

    [Fact]
    public async Task A_members_listing_matches_the_snapshot()
    {
        var owner = await factory.RegisterAndLoginAsync("Olga Owner", email: "olga.snapshot@example.com", username: "olga_s");
        var dev = await factory.RegisterAndLoginAsync("Dmitri Dev", email: "dmitri.snapshot@example.com", username: "dmitri_s");
        var id = await owner.CreateProjectAsync("Snapshot");
        var url = $"/api/v1/projects/{id}";
        await factory.AddMemberAsync(owner, url, dev, "manager", [await factory.GroupIdAsync(id, "developer")]);
        await (await owner.Client.PutAsync($"{url}/members/{dev.Id}/permissions/space.update", null)).Expect(HttpStatusCode.OK);

        var listing = await owner.GetAsync($"{url}/members");
        Scrub(listing);
        Snapshot.Match(listing.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    private static void Scrub(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (key is "id")
                        o[key] = "(id)";
                    else if (key.EndsWith("_at", StringComparison.Ordinal))
                        o[key] = "(time)";
                    else
                        Scrub(o[key]);
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                    Scrub(item);
                break;
        }
    }
}
