using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces;

public sealed class TransferOwnershipRaceTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Two_transfers_at_once_hand_the_space_to_one_heir_and_refuse_the_other()
    {
        for (var round = 0; round < 5; round++)
        {
            var owner = await factory.RegisterAndLoginAsync("Owner");
            var first = await factory.RegisterAndLoginAsync("First heir");
            var second = await factory.RegisterAndLoginAsync("Second heir");
            var id = await owner.CreateProjectAsync();
            var url = $"/api/v1/projects/{id}";
            await factory.AddMemberAsync(owner, url, first);
            await factory.AddMemberAsync(owner, url, second);

            var answers = await Task.WhenAll(
                owner.Client.PostJson($"{url}/transfer-ownership", new { user_id = first.Id }),
                owner.Client.PostJson($"{url}/transfer-ownership", new { user_id = second.Id }));

            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
            var loser = answers.Single(a => a.StatusCode != HttpStatusCode.OK);
            var problem = await loser.ExpectProblem(loser.StatusCode);
            Assert.Contains((string?)problem["code"], new[] { "ownership_changed", "owner_only" });
            Assert.True(loser.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden, $"loser answered {(int)loser.StatusCode}");

            await using var db = await factory.OpenDatabaseAsync();
            var owners = (await db.QueryAsync<long>("select user_id from memberships where space_id = @id and role = 'owner'", new { id })).ToList();
            Assert.Single(owners);
            Assert.Equal(owners[0], await db.QuerySingleAsync<long>("select owner_id from spaces where id = @id", new { id }));
            Assert.Contains(owners[0], new[] { first.Id, second.Id });
        }
    }
}
