using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.CreateSpace;

public sealed class CreateSpaceTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Creating_a_project_makes_the_caller_owner_with_default_groups_and_an_audit_event()
    {
        var owner = await factory.RegisterAndLoginAsync("Olga");
        var created = await (await owner.Client.PostJson("/api/v1/projects", new { name = "  Apollo ", description = "Moon", settings = new { color = "blue" } }))
            .Expect(HttpStatusCode.Created);

        Assert.Equal("Apollo", (string?)created["name"]);
        Assert.Equal("project", (string?)created["kind"]);
        Assert.Equal("public", (string?)created["visibility"]);
        Assert.Equal("owner", (string?)created["role"]);
        Assert.Equal(1, (long)created["member_count"]!);
        Assert.Equal("blue", (string?)created["settings"]!["color"]);
        var id = (long)created["id"]!;

        var groups = await owner.GetAsync($"/api/v1/projects/{id}/groups");
        Assert.Equal(["developer", "lead", "tester"], groups.AsArray().Select(g => (string)g!["name"]!).Order());

        var log = await owner.GetAsync($"/api/v1/projects/{id}/audit-log");
        Assert.Contains(log["items"]!.AsArray(), e => (string?)e!["action"] == "space.created" && (long?)e["actor"]!["id"] == owner.Id);
    }

    [Fact]
    public async Task Create_refuses_bad_input_and_anonymous_callers()
    {
        var owner = await factory.RegisterAndLoginAsync();
        await (await owner.Client.PostJson("/api/v1/projects", new { name = " " })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await owner.Client.PostJson("/api/v1/projects", new { name = "x", visibility = "secret" })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson("/api/v1/projects", new { name = "x", settings = new[] { 1 } })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.SendRaw(HttpMethod.Post, "/api/v1/projects", "{\"name\":")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.PostJson("/api/v1/projects", new { name = new string('a', 201) })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await factory.Anonymous().PostJson("/api/v1/projects", new { name = "x" })).ExpectProblem(HttpStatusCode.Unauthorized);
    }
}
