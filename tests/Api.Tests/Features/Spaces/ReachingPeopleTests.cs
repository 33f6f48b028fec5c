using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces;

/// <summary>
/// An id or an e-mail reaches only people the caller already shares a space with: nobody can list strangers'
/// addresses or pull them into a space; everyone else is reached by an invitation they accept.
/// </summary>
public sealed class ReachingPeopleTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_new_organization_cannot_add_strangers_by_id_or_email_nor_learn_their_addresses()
    {
        var harvester = await factory.RegisterAndLoginAsync("Harvester");
        var stranger = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Stranger"));
        var url = $"/api/v1/organizations/{await harvester.CreateOrganizationAsync("Trap")}";

        var byId = await (await harvester.Client.PostJson($"{url}/members", new { user_id = stranger.Id, role = "member" }))
            .ExpectProblem(HttpStatusCode.NotFound, "user_not_found");
        var byEmail = await (await harvester.Client.PostJson($"{url}/members", new { email = stranger.Email, role = "member" }))
            .ExpectProblem(HttpStatusCode.NotFound, "user_not_found");
        var nobody = await (await harvester.Client.PostJson($"{url}/members", new { email = "nobody.at.all@example.com", role = "member" }))
            .ExpectProblem(HttpStatusCode.NotFound, "user_not_found");
        Assert.Equal((string?)nobody["detail"], (string?)byEmail["detail"]);
        Assert.DoesNotContain(stranger.Email, byId.ToJsonString());
        await (await harvester.Client.PostJson($"{url}/invitations", new { user_id = stranger.Id, role = "member" }))
            .ExpectProblem(HttpStatusCode.NotFound, "user_not_found");

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from memberships where user_id = @id", new { id = stranger.Id }));
    }

    [Fact]
    public async Task An_invitation_by_email_answers_alike_whether_or_not_the_address_has_an_account()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var person = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Person"));
        var url = $"/api/v1/organizations/{await owner.CreateOrganizationAsync()}";

        var toAccount = await (await owner.Client.PostJson($"{url}/invitations", new { email = person.Email, role = "member" })).Expect(HttpStatusCode.Created);
        var toNobody = await (await owner.Client.PostJson($"{url}/invitations", new { email = "nobody.yet@example.com", role = "member" })).Expect(HttpStatusCode.Created);
        Assert.Null(toAccount["user"]);
        Assert.Null(toNobody["user"]);
        Assert.Equal(person.Email, (string?)toAccount["email"]);

        // the person still finds and accepts it
        var mine = await person.GetAsync("/api/v1/me/invitations");
        await (await person.Client.PostAsync($"/api/v1/invitations/{(long)mine["items"]![0]!["id"]!}/accept", null)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Someone_sharing_a_space_is_reached_by_id_and_by_email()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var colleague = await factory.RegisterAndLoginAsync("Colleague");
        var other = await factory.ConfirmedAsync(await factory.RegisterAndLoginAsync("Other"));
        await factory.AcquaintAsync(owner, colleague, other);
        var url = $"/api/v1/projects/{await owner.CreateProjectAsync("Shared", "private")}";

        await (await owner.Client.PostJson($"{url}/members", new { user_id = colleague.Id, role = "member" })).Expect(HttpStatusCode.Created);
        var byEmail = await (await owner.Client.PostJson($"{url}/members", new { email = other.Email, role = "member" })).Expect(HttpStatusCode.Created);
        Assert.Equal(other.Id, (long)byEmail["user"]!["id"]!);
    }
}

/// <summary>Adds, invitations and join requests are counted per person in Redis.</summary>
public sealed class SpaceLimitsTests(SpaceLimitsTests.Factory factory) : IClassFixture<SpaceLimitsTests.Factory>
{
    public sealed class Factory : AtriumFactory
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Spaces:MemberAddsPerActor:Limit"] = "3";
            settings["Spaces:InvitationsPerActor:Limit"] = "3";
            settings["Spaces:JoinRequestsPerUser:Limit"] = "4";
            return settings;
        }
    }

    [Fact]
    public async Task Adds_past_the_limit_are_429_with_retry_after()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var url = $"/api/v1/organizations/{await owner.CreateOrganizationAsync()}";
        for (var i = 0; i < 3; i++)
            await (await owner.Client.PostJson($"{url}/members", new { user_id = 999_000 + i, role = "member" })).ExpectProblem(HttpStatusCode.NotFound);
        var limited = await owner.Client.PostJson($"{url}/members", new { user_id = 999_100, role = "member" });
        await limited.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task Invitations_past_the_limit_are_429()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var url = $"/api/v1/organizations/{await owner.CreateOrganizationAsync()}";
        for (var i = 0; i < 3; i++)
            await (await owner.Client.PostJson($"{url}/invitations", new { email = $"guest{i}.{Guid.NewGuid():N}@example.com", role = "member" }))
                .Expect(HttpStatusCode.Created);
        await (await owner.Client.PostJson($"{url}/invitations", new { email = "one.more@example.com", role = "member" }))
            .ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task Asking_to_join_and_withdrawing_in_a_loop_stops_at_the_limit()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var looper = await factory.RegisterAndLoginAsync("Looper");
        var url = $"/api/v1/projects/{await owner.CreateProjectAsync("Open", "public")}";
        for (var i = 0; i < 2; i++)
        {
            var request = await (await looper.Client.PostJson($"{url}/join-requests", new { message = "let me in" })).Expect(HttpStatusCode.Created);
            await (await looper.Client.DeleteAsync($"/api/v1/me/join-requests/{(long)request["id"]!}")).Expect(HttpStatusCode.OK);
        }
        await (await looper.Client.PostJson($"{url}/join-requests", new { message = "again" })).ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(2, await db.QuerySingleAsync<int>("select count(*)::int from join_requests where user_id = @id", new { id = looper.Id }));
    }
}
