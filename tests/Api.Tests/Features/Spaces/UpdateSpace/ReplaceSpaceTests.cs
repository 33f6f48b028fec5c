using System.Net;
using Atrium.Api.Tests.Features.Spaces;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces.UpdateSpace;

/// <summary>PUT of an organization or a project: a full replace beside PATCH.</summary>
public sealed class ReplaceSpaceTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task<(TestUser Owner, string Url, long Id)> SpaceAsync(string kind)
    {
        var owner = await factory.RegisterAndLoginAsync("Space Owner");
        var id = kind == "projects" ? await owner.CreateProjectAsync() : await owner.CreateOrganizationAsync();
        var url = $"/api/v1/{kind}/{id}";
        await (await owner.Client.PatchJson(url, new { description = "Words", settings = new { theme = "dark" } })).Expect(HttpStatusCode.OK);
        return (owner, url, id);
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("projects")]
    public async Task Put_replaces_every_field_and_clears_the_optional_ones_left_out(string kind)
    {
        var (owner, url, _) = await SpaceAsync(kind);
        var replaced = await (await owner.Client.PutJson(url, new { name = "  Renamed  ", visibility = "private" })).Expect(HttpStatusCode.OK);
        Assert.Equal("Renamed", (string?)replaced["name"]);
        Assert.Equal("private", (string?)replaced["visibility"]);
        Assert.Null(replaced["description"]);
        Assert.Empty(replaced["settings"]!.AsObject());

        var full = await (await owner.Client.PutJson(url, new { name = "Full", visibility = "public", description = "Said", settings = new { a = 1 } }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Said", (string?)full["description"]);
        Assert.Equal(1, (int)full["settings"]!["a"]!);
        Assert.Equal(full.ToJsonString(), (await owner.GetAsync(url)).ToJsonString());
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("projects")]
    public async Task A_missing_required_field_is_400_and_writes_nothing(string kind)
    {
        var (owner, url, _) = await SpaceAsync(kind);
        var tag = await owner.Client.TagOfAsync(url);
        (await (await owner.Client.PutJson(url, new { visibility = "public" })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed"))
            ["errors"]!["name"]!.AsArray();
        (await (await owner.Client.PutJson(url, new { name = "No visibility" })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed"))
            ["errors"]!["visibility"]!.AsArray();
        await (await owner.Client.PutJson(url, new { name = "x", visibility = "secret" })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await owner.Client.PutJson(url, new { name = "x", visibility = "public", colour = "red" })).ExpectProblem(HttpStatusCode.BadRequest, "unknown_field");
        Assert.Equal(tag, await owner.Client.TagOfAsync(url));
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("projects")]
    public async Task Put_needs_space_update_like_patch(string kind)
    {
        var (owner, url, _) = await SpaceAsync(kind);
        var member = await factory.RegisterAndLoginAsync("Plain Member");
        await factory.AddMemberAsync(owner, url, member);
        var problem = await (await member.Client.PutJson(url, new { name = "Mine now", visibility = "public" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        Assert.Equal("space.update", (string?)problem["permission"]);
        var outsider = await factory.RegisterAndLoginAsync("Outsider");
        await (await outsider.Client.PutJson(url, new { name = "Mine now", visibility = "public" })).ExpectProblem(HttpStatusCode.NotFound);
        Assert.NotEqual("Mine now", (string?)(await owner.GetAsync(url))["name"]);
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("projects")]
    public async Task Put_writes_the_same_audit_event_as_patch(string kind)
    {
        var (owner, url, id) = await SpaceAsync(kind);
        await (await owner.Client.PutJson(url, new { name = "Audited", visibility = "private" })).Expect(HttpStatusCode.OK);
        await using var db = await factory.OpenDatabaseAsync();
        var after = await db.QuerySingleAsync<string>(
            "select after::text from audit_events where space_id = @id and action = 'space.updated' order by id desc limit 1", new { id });
        Assert.Contains("\"Audited\"", after);
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("projects")]
    public async Task Put_with_a_stale_if_match_is_412_and_writes_nothing(string kind)
    {
        var (owner, url, _) = await SpaceAsync(kind);
        var old = await owner.Client.TagOfAsync(url);
        await (await owner.Client.PatchJson(url, new { name = "Moved on" })).Expect(HttpStatusCode.OK);
        await (await owner.Client.SendWith(HttpMethod.Put, url, new { name = "Stale", visibility = "public" }, "If-Match", old))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
        Assert.Equal("Moved on", (string?)(await owner.GetAsync(url))["name"]);
    }
}
