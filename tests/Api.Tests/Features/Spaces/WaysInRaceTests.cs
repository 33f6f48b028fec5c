using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces;

/// <summary>Two ways in for one person at once (accept an invitation, an admin approves or adds) queue instead of deadlocking.</summary>
public sealed class WaysInRaceTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    /// <summary>The way that came second says the person is in already (or the way closed), never that it lost a deadlock.</summary>
    private static async Task LoserSaysWhyAsync(HttpResponseMessage[] answers)
    {
        foreach (var answer in answers.Where(a => !a.IsSuccessStatusCode))
        {
            var problem = await answer.ExpectProblem(HttpStatusCode.Conflict);
            Assert.Contains((string?)problem["code"], new[] { "already_member", "invitation_not_pending", "join_request_not_pending" });
        }
    }

    [Fact]
    public async Task Accepting_an_invitation_while_an_admin_approves_the_join_request_never_deadlocks()
    {
        for (var round = 0; round < 12; round++)
        {
            var owner = await factory.RegisterAndLoginAsync("Owner");
            var person = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Person"));
            var id = await owner.CreateProjectAsync("Race", "public");
            var url = $"/api/v1/projects/{id}";
            var request = (long)(await (await person.Client.PostJson($"{url}/join-requests", new { message = "me" })).Expect(HttpStatusCode.Created))["id"]!;
            var invitation = (long)(await (await owner.Client.PostJson($"{url}/invitations", new { email = person.Email, role = "member" })).Expect(HttpStatusCode.Created))["id"]!;

            var answers = await Task.WhenAll(
                person.Client.PostAsync($"/api/v1/invitations/{invitation}/accept", null),
                owner.Client.PostJson($"{url}/join-requests/{request}/approve", new { role = "member" }));

            await LoserSaysWhyAsync(answers);
            Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
            await using var db = await factory.OpenDatabaseAsync();
            Assert.Equal(1, await db.QuerySingleAsync<int>("select count(*)::int from memberships where space_id = @id and user_id = @u", new { id, u = person.Id }));
            Assert.Equal(0, await db.QuerySingleAsync<int>(
                "select (select count(*) from join_requests where space_id = @id and status = 'pending') + (select count(*) from invitations where space_id = @id and status = 'pending')",
                new { id }));
        }
    }

    [Fact]
    public async Task Accepting_while_an_admin_adds_the_same_person_never_deadlocks()
    {
        for (var round = 0; round < 6; round++)
        {
            var owner = await factory.RegisterAndLoginAsync("Owner");
            var person = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Person"));
            await factory.AcquaintAsync(owner, person);
            var id = await owner.CreateProjectAsync("Race", "private");
            var url = $"/api/v1/projects/{id}";
            var invitation = (long)(await (await owner.Client.PostJson($"{url}/invitations", new { email = person.Email, role = "member" })).Expect(HttpStatusCode.Created))["id"]!;

            var answers = await Task.WhenAll(
                person.Client.PostAsync($"/api/v1/invitations/{invitation}/accept", null),
                owner.Client.PostJson($"{url}/members", new { user_id = person.Id, role = "member" }));

            await LoserSaysWhyAsync(answers);
            await using var db = await factory.OpenDatabaseAsync();
            Assert.Equal(1, await db.QuerySingleAsync<int>("select count(*)::int from memberships where space_id = @id and user_id = @u", new { id, u = person.Id }));
        }
    }
}
