using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Activities;

public sealed class CreateCommentTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Any_member_comments_on_any_deal_and_the_comment_is_audited()
    {
        var org = await factory.NewOrganizationAsync();
        var member = await factory.AddMemberAsync(org, "member");
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());

        var comment = await (await member.Client.PostJson($"/api/v1/deals/{deal}/activities",
            new { type = "comment", payload = new { text = "Client requested updated proposal" } })).Expect(HttpStatusCode.Created);
        Assert.Equal("comment", (string?)comment["type"]);
        Assert.Equal(member.Id, (long)comment["author_id"]!);
        Assert.Equal("Client requested updated proposal", (string?)comment["payload"]!["text"]);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*)::int from audit_events where space_id = @org and action = 'activity.created' and actor_id = @member",
            new { org = org.Id, member = member.Id }));
    }

    [Theory]
    [InlineData("status_changed")]
    [InlineData("stage_changed")]
    [InlineData("task_created")]
    [InlineData("system")]
    [InlineData("anything")]
    public async Task Clients_may_post_only_comments(string type)
    {
        var org = await factory.NewOrganizationAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());
        await (await org.Owner.Client.PostJson($"/api/v1/deals/{deal}/activities", new { type, payload = new { text = "x", from = "new", to = "won" } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "activity_type_not_allowed");
    }

    [Theory]
    [InlineData("{\"type\": \"comment\"}")]
    [InlineData("{\"type\": \"comment\", \"payload\": {}}")]
    [InlineData("{\"type\": \"comment\", \"payload\": {\"text\": \"  \"}}")]
    [InlineData("{\"type\": \"comment\", \"payload\": {\"text\": 5}}")]
    [InlineData("{\"type\": \"comment\", \"payload\": [\"text\"]}")]
    [InlineData("{\"payload\": {\"text\": \"hi\"}}")]
    [InlineData("{\"type\": \"comment\", \"payload\": {\"text\": \"a\\u0000b\"}}")]
    [InlineData("{\"type\": \"comment\", \"payload\": {\"text\": \"hi\", \"mood\": \"keen\"}}")]
    [InlineData("{\"type\": \"comment\", \"payload\": {\"text\": \"a\\ud800b\"}}")]
    [InlineData("{\"type\": \"comment\", \"payload\": {\"text\": \"hi\", \"\\ud800\": 1}}")]
    public async Task A_comment_needs_a_text(string body)
    {
        var org = await factory.NewOrganizationAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());
        await (await org.Owner.Client.SendRaw(HttpMethod.Post, $"/api/v1/deals/{deal}/activities", body)).ExpectProblem(HttpStatusCode.BadRequest);
    }
}
