using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Deals;

/// <summary>Entity tags of one deal: GET answers them, PATCH and DELETE honour If-Match.</summary>
public sealed class DealETagTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task<(CrmOrganization Org, string Url, long Id)> DealAsync()
    {
        var org = await factory.NewOrganizationAsync();
        var id = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());
        return (org, $"/api/v1/deals/{id}", id);
    }

    [Fact]
    public async Task A_read_answers_a_strong_tag_and_304_while_it_matches()
    {
        var (org, url, id) = await DealAsync();
        var tag = await org.Owner.Client.ReadTagAndExpect304Async(url);
        Assert.Equal($"\"{id}-1\"", tag);
    }

    [Fact]
    public async Task A_write_with_the_current_tag_answers_the_new_one_and_the_old_one_is_412_and_writes_nothing()
    {
        var (org, url, id) = await DealAsync();
        await org.Owner.Client.WriteWithCurrentThenStaleTagAsync(url, HttpMethod.Patch, new { title = "Fresh" }, new { title = "Stale" });
        var deal = await (await org.Owner.Client.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal("Fresh", (string?)deal["title"]);
        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>("select count(*) from audit_events where entity_type = 'deal' and action = 'deal.updated' and entity_id = @id", new { id = id.ToString() }));
    }

    [Fact]
    public async Task A_stage_change_makes_the_tag_of_a_title_edit_stale()
    {
        var (org, url, _) = await DealAsync();
        var client = org.Owner.Client;
        var tag = await client.TagOfAsync(url);
        await (await client.PatchJson(url, new { status = "in_progress", stage = "proposal" })).Expect(HttpStatusCode.OK);
        await (await client.SendWith(HttpMethod.Patch, url, new { title = "Edit on an old copy" }, "If-Match", tag))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        Assert.Equal("proposal", (string?)(await (await client.GetAsync(url)).Expect(HttpStatusCode.OK))["stage"]);
    }

    [Fact]
    public async Task A_change_made_outside_the_api_changes_the_tag()
    {
        var (org, url, id) = await DealAsync();
        var tag = await org.Owner.Client.TagOfAsync(url);
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update crm_deals set amount = amount + 1 where id = @id", new { id });
        Assert.NotEqual(tag, await org.Owner.Client.TagOfAsync(url));
    }

    [Fact]
    public async Task Two_concurrent_writers_with_the_same_tag_exactly_one_wins()
    {
        for (var round = 0; round < 3; round++)
        {
            var (org, url, _) = await DealAsync();
            var manager = await factory.AddMemberAsync(org, "manager");
            await Conditional.ExactlyOneOfTwoWinsAsync(org.Owner.Client, manager.Client, url, HttpMethod.Patch,
                new { title = "Owner's" }, new { stage = "proposal" });
        }
    }

    [Fact]
    public async Task A_malformed_tag_is_400_and_a_write_without_one_goes_ahead()
    {
        var (org, url, _) = await DealAsync();
        await org.Owner.Client.MalformedTagsAre400Async(url, HttpMethod.Patch, new { title = "Never" });
        Assert.Equal("Website redesign", (string?)(await (await org.Owner.Client.GetAsync(url)).Expect(HttpStatusCode.OK))["title"]);
        await org.Owner.Client.BlindWriteGoesAheadAsync(url, HttpMethod.Patch, new { title = "Blind" });
    }

    [Fact]
    public async Task Delete_honours_if_match()
    {
        var (org, url, _) = await DealAsync();
        await org.Owner.Client.DeleteHonoursIfMatchAsync(url, new { title = "Moved on" });
    }
}
