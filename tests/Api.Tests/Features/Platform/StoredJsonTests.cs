using System.Net;
using System.Text;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Features.Spaces;
using Atrium.Api.Tests.Features.Tracker;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Platform;

/// <summary>
/// JSON that clients store as they send it (space settings, comment payloads) and JSON that PostgreSQL nests for an
/// answer (the task tree): bounded on the way in, and served at any depth that is already stored.
/// </summary>
public sealed class StoredJsonTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    /// <summary><c>{"a": {"a": … {"a": 1}}}</c> with <paramref name="depth"/> objects.</summary>
    private static string Nested(int depth, string key = "a")
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
            text.Append("{\"").Append(key).Append("\": ");
        text.Append('1');
        text.Append('}', depth);
        return text.ToString();
    }

    [Fact]
    public async Task Settings_nested_deeper_than_the_bound_are_refused_and_up_to_it_accepted()
    {
        var owner = await factory.RegisterAndLoginAsync("Nest");
        var project = $"/api/v1/projects/{await owner.CreateProjectAsync()}";

        var refused = await (await owner.Client.SendRaw(HttpMethod.Patch, project, $"{{\"settings\": {Nested(17)}}}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("16 levels", (string?)refused["detail"]);
        await (await owner.Client.SendRaw(HttpMethod.Post, "/api/v1/projects", $"{{\"name\": \"Deep\", \"settings\": {Nested(62)}}}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");

        var accepted = await (await owner.Client.SendRaw(HttpMethod.Patch, project, $"{{\"settings\": {Nested(16)}}}")).Expect(HttpStatusCode.OK);
        Assert.NotNull(accepted["settings"]!["a"]!["a"]);
    }

    [Theory]
    [InlineData("{\"settings\": {\"\\ud800\": 1}}")]
    [InlineData("{\"settings\": {\"theme\": \"\\ud800\"}}")]
    [InlineData("{\"settings\": {\"list\": [\"ok\", \"\\udfff tail\"]}}")]
    [InlineData("{\"settings\": {\"a\\u0000\": 1}}")]
    public async Task Settings_with_text_the_database_cannot_store_are_a_400(string body)
    {
        var owner = await factory.RegisterAndLoginAsync("Text");
        var project = $"/api/v1/projects/{await owner.CreateProjectAsync()}";
        await (await owner.Client.SendRaw(HttpMethod.Patch, project, body)).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await owner.Client.SendRaw(HttpMethod.Post, "/api/v1/organizations", body.Replace("{\"settings\"", "{\"name\": \"X\", \"settings\""))).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Deep_settings_already_stored_are_served_by_every_read_of_the_space()
    {
        var owner = await factory.RegisterAndLoginAsync("Legacy");
        var visitor = await factory.RegisterAndLoginAsync("Visitor");
        var id = await owner.CreateProjectAsync("Old board");
        await using (var db = await factory.OpenDatabaseAsync())
        {
            // what the API accepted before nesting was bounded
            await db.ExecuteAsync("update spaces set settings = @deep::jsonb where id = @id", new { deep = Nested(62), id });
            await db.ExecuteAsync("""
                insert into audit_events (space_id, actor_id, action, entity_type, entity_id, before, after)
                values (@id, @actor, 'space.updated', 'space', @id::text, '{}'::jsonb, @deep::jsonb)
                """, new { id, actor = owner.Id, deep = Nested(63) });
        }

        foreach (var url in new[] { "/api/v1/projects", "/api/v1/me/projects", $"/api/v1/projects/{id}", $"/api/v1/projects/{id}/audit-log" })
            await (await owner.Client.GetAsync(url)).Expect(HttpStatusCode.OK);
        var directory = await (await visitor.Client.GetAsync("/api/v1/projects?page_size=100")).Expect(HttpStatusCode.OK);
        Assert.Contains(directory["items"]!.AsArray(), p => (long)p!["id"]! == id && p["settings"]!["a"] is not null);
    }

    [Fact]
    public async Task A_deep_comment_payload_already_stored_does_not_break_the_timeline()
    {
        var org = await factory.NewOrganizationAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("""
                insert into crm_activities (organization_id, deal_id, author_id, type, payload)
                values (@org, @deal, @author, 'comment', jsonb_build_object('text', 'old', 'extra', @deep::jsonb))
                """, new { org = org.Id, deal, author = org.Owner.Id, deep = Nested(61) });

        var timeline = await (await org.Owner.Client.GetAsync($"/api/v1/deals/{deal}/activities")).Expect(HttpStatusCode.OK);
        Assert.Equal("old", (string?)timeline["items"]![0]!["payload"]!["text"]);
    }

    [Fact]
    public async Task A_comment_payload_nested_too_deep_is_refused()
    {
        var org = await factory.NewOrganizationAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());
        await (await org.Owner.Client.SendRaw(HttpMethod.Post, $"/api/v1/deals/{deal}/activities",
                $"{{\"type\": \"comment\", \"payload\": {{\"text\": \"hi\", \"extra\": {Nested(61)}}}}}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        var timeline = await (await org.Owner.Client.GetAsync($"/api/v1/deals/{deal}/activities")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(timeline["items"]!.AsArray(), a => (string?)a!["type"] == "comment");
    }

    [Fact]
    public async Task A_tree_deeper_than_the_serializer_default_is_served_whole()
    {
        var project = await factory.NewProjectAsync();
        long? parent = null;
        for (var level = 0; level < 40; level++)
            parent = (await project.Owner.CreateTaskAsync(project, $"L{level}", parentId: parent)).Id();

        var tree = await (await project.Owner.Client.GetAsync(project.Tasks + "?tree=true")).Expect(HttpStatusCode.OK);
        var node = tree["items"]![0];
        var depth = 1;
        while (node!["children"]!.AsArray().Count > 0)
        {
            node = node["children"]![0];
            depth++;
        }
        Assert.Equal(40, depth);
        Assert.Equal("L39", (string?)node["title"]);
    }

    [Fact]
    public async Task A_tree_page_past_the_bounds_is_a_400_that_says_how_to_page()
    {
        var project = await factory.NewProjectAsync();
        await using (var db = await factory.OpenDatabaseAsync())
        {
            // one root with 2,000 children (2,001 nodes), and a chain 120 levels deep under a second root
            await db.ExecuteAsync("""
                with root as (
                    insert into project_tasks (project_id, title, created_by) values (@project, 'wide', @owner) returning id)
                insert into project_tasks (project_id, parent_id, title, created_by)
                select @project, root.id, 'leaf ' || g, @owner from root, generate_series(1, 2000) g
                """, new { project = project.Id, owner = project.Owner.Id });
            var parent = await db.QuerySingleAsync<long>(
                "insert into project_tasks (project_id, title, created_by) values (@project, 'deep', @owner) returning id",
                new { project = project.Id, owner = project.Owner.Id });
            for (var level = 0; level < 120; level++)
                parent = await db.QuerySingleAsync<long>(
                    "insert into project_tasks (project_id, parent_id, title, created_by) values (@project, @parent, 'd', @owner) returning id",
                    new { project = project.Id, parent, owner = project.Owner.Id });
        }

        var tooMany = await (await project.Owner.Client.GetAsync(project.Tasks + "?tree=true&page_size=1"))
            .ExpectProblem(HttpStatusCode.BadRequest, "tree_too_large");
        Assert.Contains("parent_id", (string?)tooMany["detail"]);
        await (await project.Owner.Client.GetAsync(project.Tasks + "?tree=true&page=2&page_size=1"))
            .ExpectProblem(HttpStatusCode.BadRequest, "tree_too_large");

        // the flat list and a page of the wide root's children still answer
        var flat = await (await project.Owner.Client.GetAsync(project.Tasks + "?page_size=100")).Expect(HttpStatusCode.OK);
        Assert.Equal(2122, (long)flat["total"]!);
        var wideId = (long)flat["items"]![0]!["id"]!;
        var children = await (await project.Owner.Client.GetAsync($"{project.Tasks}?tree=true&parent_id={wideId}&page_size=100"))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(2000, (long)children["total"]!);
    }
}
