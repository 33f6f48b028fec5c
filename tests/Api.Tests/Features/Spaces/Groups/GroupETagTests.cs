using System.Net;
using Atrium.Api.Tests.Features.Spaces;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces.Groups;

/// <summary>Entity tags of one group: GET answers them; PATCH, DELETE and the permission routes honour If-Match.</summary>
public sealed class GroupETagTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task<(TestUser Owner, TestUser Admin, string Space, string Url, long Id)> GroupAsync()
    {
        var owner = await factory.RegisterAndLoginAsync("Group Owner");
        var admin = await factory.RegisterAndLoginAsync("Group Admin");
        var space = $"/api/v1/organizations/{await owner.CreateOrganizationAsync()}";
        await factory.AddMemberAsync(owner, space, admin, "admin");
        var id = await owner.CreateGroupAsync(space, "HR", "documents.send");
        return (owner, admin, space, $"{space}/groups/{id}", id);
    }

    [Fact]
    public async Task A_read_answers_a_strong_tag_and_304_while_it_matches()
    {
        var (owner, _, _, url, id) = await GroupAsync();
        Assert.StartsWith($"\"{id}-", await owner.Client.ReadTagAndExpect304Async(url));
    }

    [Fact]
    public async Task A_write_with_the_current_tag_answers_the_new_one_and_the_old_one_is_412_and_writes_nothing()
    {
        var (owner, _, _, url, _) = await GroupAsync();
        await owner.Client.WriteWithCurrentThenStaleTagAsync(url, HttpMethod.Patch, new { name = "People" }, new { name = "Stale" });
        Assert.Equal("People", (string?)(await owner.GetAsync(url))["name"]);
    }

    [Fact]
    public async Task A_permission_change_or_a_new_member_of_the_group_makes_the_old_tag_stale()
    {
        var (owner, admin, space, url, id) = await GroupAsync();
        var tag = await owner.Client.TagOfAsync(url);
        var added = await owner.Client.SendWith(HttpMethod.Put, $"{url}/permissions/documents.sign", null, "If-Match", tag);
        await added.Expect(HttpStatusCode.OK);
        Assert.Equal(await owner.Client.TagOfAsync(url), added.ETag());
        await (await owner.Client.SendWith(HttpMethod.Patch, url, new { name = "Old copy" }, "If-Match", tag))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        await (await owner.Client.SendWith(HttpMethod.Delete, $"{url}/permissions/documents.send", null, "If-Match", tag))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        Assert.Equal(["documents.send", "documents.sign"], (await owner.GetAsync(url))["permissions"].Strings());

        var before = await owner.Client.TagOfAsync(url);
        await (await owner.Client.PutJson($"{space}/members/{admin.Id}/groups", new { group_ids = new[] { id } })).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int)(await owner.GetAsync(url))["member_count"]!);
        Assert.NotEqual(before, await owner.Client.TagOfAsync(url));
    }

    [Fact]
    public async Task Two_concurrent_writers_with_the_same_tag_exactly_one_wins()
    {
        for (var round = 0; round < 3; round++)
        {
            var (owner, admin, _, url, id) = await GroupAsync();
            await Conditional.ExactlyOneOfTwoWinsAsync(owner.Client, admin.Client, url, HttpMethod.Patch,
                new { name = "Owner's" }, new { description = "Admin's" });
            await using var db = await factory.OpenDatabaseAsync();
            Assert.Equal(1, await db.QuerySingleAsync<int>(
                "select count(*) from audit_events where entity_type = 'group' and entity_id = @id and action = 'group.updated'", new { id = id.ToString() }));
        }
    }

    [Fact]
    public async Task A_malformed_tag_is_400_and_a_write_without_one_goes_ahead()
    {
        var (owner, _, _, url, _) = await GroupAsync();
        await owner.Client.MalformedTagsAre400Async(url, HttpMethod.Patch, new { name = "Never" });
        await (await owner.Client.SendWith(HttpMethod.Put, $"{url}/permissions/documents.sign", null, "If-Match", "W/"))
            .ExpectProblem(HttpStatusCode.BadRequest, "etag_malformed");
        await owner.Client.BlindWriteGoesAheadAsync(url, HttpMethod.Patch, new { name = "Blind" });
    }

    [Fact]
    public async Task Delete_honours_if_match()
    {
        var (owner, _, _, url, _) = await GroupAsync();
        await owner.Client.DeleteHonoursIfMatchAsync(url, new { description = "Moved on" });
    }
}
