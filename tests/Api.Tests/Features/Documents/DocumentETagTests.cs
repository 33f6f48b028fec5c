using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Documents;

/// <summary>Entity tags of one document: GET answers them; PATCH, DELETE, /send and /status honour If-Match.</summary>
public sealed class DocumentETagTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task<(CrmOrganization Org, string Url, long Id)> DraftAsync()
    {
        var org = await factory.NewOrganizationAsync();
        var id = await org.Owner.Client.CreateTextIdAsync("Leave request");
        return (org, $"/api/v1/documents/{id}", id);
    }

    [Fact]
    public async Task A_read_answers_a_strong_tag_and_304_while_it_matches()
    {
        var (org, url, id) = await DraftAsync();
        Assert.StartsWith($"\"{id}-", await org.Owner.Client.ReadTagAndExpect304Async(url));
    }

    [Fact]
    public async Task A_write_with_the_current_tag_answers_the_new_one_and_the_old_one_is_412_and_writes_nothing()
    {
        var (org, url, id) = await DraftAsync();
        await org.Owner.Client.WriteWithCurrentThenStaleTagAsync(url, HttpMethod.Patch, new { title = "Fresh" }, new { title = "Stale" });
        Assert.Equal("Fresh", (string?)(await (await org.Owner.Client.GetAsync(url)).Expect(HttpStatusCode.OK))["document"]!["title"]);
        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*) from audit_events where action = 'document.updated' and entity_id = @id", new { id = id.ToString() }));
    }

    [Fact]
    public async Task A_send_and_a_status_move_make_the_old_tag_stale_and_honour_if_match()
    {
        var (org, url, id) = await DraftAsync();
        var reviewer = await factory.AddPersonAsync(org, "member", DocumentsWorld.Worker);
        var draftTag = await org.Owner.Client.TagOfAsync(url);

        var sent = await org.Owner.Client.SendWith(HttpMethod.Post, $"{url}/send", new { to_user_id = reviewer.Id }, "If-Match", draftTag);
        await sent.Expect(HttpStatusCode.OK);
        Assert.Equal(await org.Owner.Client.TagOfAsync(url), sent.ETag());
        await (await org.Owner.Client.SendWith(HttpMethod.Patch, url, new { title = "Edit on the draft" }, "If-Match", draftTag))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");

        await (await reviewer.Client.SendWith(HttpMethod.Post, $"{url}/status", new { status = "in_review" }, "If-Match", draftTag))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        Assert.Equal("sent", (string?)(await (await reviewer.Client.GetAsync(url)).Expect(HttpStatusCode.OK))["document"]!["status"]);
        var moved = await reviewer.Client.SendWith(HttpMethod.Post, $"{url}/status", new { status = "in_review" }, "If-Match",
            await reviewer.Client.TagOfAsync(url));
        await moved.Expect(HttpStatusCode.OK);
        Assert.Equal(await reviewer.Client.TagOfAsync(url), moved.ETag());
        Assert.NotEqual(sent.ETag(), moved.ETag());
        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>(
            "select count(*) from document_history where document_id = @id and action = 'status_changed'", new { id }));
    }

    [Fact]
    public async Task Two_concurrent_writers_with_the_same_tag_exactly_one_wins()
    {
        for (var round = 0; round < 3; round++)
        {
            var (org, url, id) = await DraftAsync();
            var admin = await factory.AddPersonAsync(org, "admin", "documents.manage_all");
            await Conditional.ExactlyOneOfTwoWinsAsync(org.Owner.Client, admin.Client, url, HttpMethod.Patch,
                new { title = "Owner's" }, new { description = "Admin's" });
            await using var db = await factory.OpenDatabaseAsync();
            Assert.Equal(1, await db.QuerySingleAsync<int>(
                "select count(*) from audit_events where action = 'document.updated' and entity_id = @id", new { id = id.ToString() }));
        }
    }

    [Fact]
    public async Task A_malformed_tag_is_400_and_a_write_without_one_goes_ahead()
    {
        var (org, url, _) = await DraftAsync();
        await org.Owner.Client.MalformedTagsAre400Async(url, HttpMethod.Patch, new { title = "Never" });
        await (await org.Owner.Client.SendWith(HttpMethod.Post, $"{url}/status", new { status = "archived" }, "If-Match", "\""))
            .ExpectProblem(HttpStatusCode.BadRequest, "etag_malformed");
        await org.Owner.Client.BlindWriteGoesAheadAsync(url, HttpMethod.Patch, new { title = "Blind" });
    }

    [Fact]
    public async Task Delete_honours_if_match()
    {
        var (org, url, _) = await DraftAsync();
        await org.Owner.Client.DeleteHonoursIfMatchAsync(url, new { description = "Moved on" });
    }
}
