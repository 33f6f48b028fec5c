using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces;

/// <summary>Entity tags of organizations and projects: GET answers them; PATCH, PUT, DELETE and transfer-ownership honour If-Match.</summary>
public sealed class SpaceETagTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task<(TestUser Owner, TestUser Admin, string Url, long Id)> SpaceAsync(string kind)
    {
        var owner = await factory.RegisterAndLoginAsync("Space Owner");
        var admin = await factory.RegisterAndLoginAsync("Space Admin");
        var id = kind == "projects" ? await owner.CreateProjectAsync() : await owner.CreateOrganizationAsync();
        var url = $"/api/v1/{kind}/{id}";
        await factory.AddMemberAsync(owner, url, admin, "admin");
        return (owner, admin, url, id);
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("projects")]
    public async Task A_read_answers_a_strong_tag_and_304_while_it_matches(string kind)
    {
        var (owner, _, url, id) = await SpaceAsync(kind);
        var tag = await owner.Client.ReadTagAndExpect304Async(url);
        Assert.StartsWith($"\"{id}-", tag);
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("projects")]
    public async Task A_write_with_the_current_tag_answers_the_new_one_and_the_old_one_is_412_and_writes_nothing(string kind)
    {
        var (owner, _, url, _) = await SpaceAsync(kind);
        await owner.Client.WriteWithCurrentThenStaleTagAsync(url, HttpMethod.Patch, new { name = "Fresh" }, new { name = "Stale" });
        await owner.Client.WriteWithCurrentThenStaleTagAsync(url, HttpMethod.Put, new { name = "Put", visibility = "private" },
            new { name = "Stale put", visibility = "public" });
        Assert.Equal("Put", (string?)(await owner.GetAsync(url))["name"]);
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("projects")]
    public async Task What_the_read_derives_from_other_rows_changes_the_tag_too(string kind)
    {
        var (owner, _, url, _) = await SpaceAsync(kind);
        var tag = await owner.Client.TagOfAsync(url);
        var newcomer = await factory.RegisterAndLoginAsync("Newcomer");
        await factory.AddMemberAsync(owner, url, newcomer);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetIfNoneMatch(url, tag)).StatusCode);
        await (await owner.Client.SendWith(HttpMethod.Patch, url, new { name = "On an old copy" }, "If-Match", tag))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("projects")]
    public async Task A_transfer_of_ownership_makes_the_old_tag_stale_and_honours_if_match(string kind)
    {
        var (owner, admin, url, _) = await SpaceAsync(kind);
        var old = await admin.Client.TagOfAsync(url);
        await (await owner.Client.PatchJson(url, new { description = "Moved on" })).Expect(HttpStatusCode.OK);
        await (await owner.Client.SendWith(HttpMethod.Post, $"{url}/transfer-ownership", new { user_id = admin.Id }, "If-Match",
            await owner.Client.TagOfAsync(url) + "x")).ExpectProblem(HttpStatusCode.BadRequest, "etag_malformed");
        await (await owner.Client.SendWith(HttpMethod.Post, $"{url}/transfer-ownership", new { user_id = admin.Id }, "If-Match", "\"1-1\""))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        var moved = await owner.Client.SendWith(HttpMethod.Post, $"{url}/transfer-ownership", new { user_id = admin.Id }, "If-Match",
            await owner.Client.TagOfAsync(url));
        await moved.Expect(HttpStatusCode.OK);
        Assert.Equal(await owner.Client.TagOfAsync(url), moved.ETag());
        await (await admin.Client.SendWith(HttpMethod.Patch, url, new { name = "Admin's old copy" }, "If-Match", old))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("projects")]
    public async Task Two_concurrent_writers_with_the_same_tag_exactly_one_wins(string kind)
    {
        for (var round = 0; round < 3; round++)
        {
            var (owner, admin, url, id) = await SpaceAsync(kind);
            var tag = await owner.Client.TagOfAsync(url);
            // The tag names the reader's role: each writer sends the one it read.
            var adminTag = await admin.Client.TagOfAsync(url);
            var answers = await Task.WhenAll(
                owner.Client.SendWith(HttpMethod.Patch, url, new { name = "Owner's" }, "If-Match", tag),
                admin.Client.SendWith(HttpMethod.Put, url, new { name = "Admin's", visibility = "private" }, "If-Match", adminTag));
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(a => a.StatusCode).Order().ToList());
            await using var db = await factory.OpenDatabaseAsync();
            Assert.Equal(1, await db.QuerySingleAsync<int>(
                "select count(*) from audit_events where space_id = @id and action = 'space.updated'", new { id }));
        }
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("projects")]
    public async Task A_malformed_tag_is_400_and_a_write_without_one_goes_ahead(string kind)
    {
        var (owner, _, url, _) = await SpaceAsync(kind);
        await owner.Client.MalformedTagsAre400Async(url, HttpMethod.Patch, new { name = "Never" });
        await owner.Client.BlindWriteGoesAheadAsync(url, HttpMethod.Patch, new { name = "Blind" });
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("projects")]
    public async Task Delete_honours_if_match(string kind)
    {
        var (owner, _, url, _) = await SpaceAsync(kind);
        await owner.Client.DeleteHonoursIfMatchAsync(url, new { name = "Moved on" });
    }
}
