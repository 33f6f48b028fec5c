using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.Members;

public sealed class FilterByPermissionsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static void AssertOneFieldProblem(JsonNode problem, string field, string detail)
    {
        Assert.Equal(detail, (string?)problem["detail"]);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
        Assert.Equal([detail], errors[field]!.AsArray().Select(e => (string?)e));
    }

    [Fact]
    public async Task Each_bad_filter_answers_its_own_code_naming_its_field()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var url = $"/api/v1/projects/{await owner.CreateProjectAsync()}/members";
        var tooMany = string.Join('&', Enumerable.Range(1, 51).Select(i => $"group={i}"));

        AssertOneFieldProblem(await (await owner.Client.GetAsync($"{url}?{tooMany}")).ExpectProblem(HttpStatusCode.BadRequest, "too_many_filters"),
            "permission", "At most 50 permissions and 50 groups.");
        AssertOneFieldProblem(await (await owner.Client.GetAsync($"{url}?permission=tasks.review&permission=%20Bad%20")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_permission_code"),
            "permission", "'Bad' is not a permission code.");
        AssertOneFieldProblem(await (await owner.Client.GetAsync($"{url}?group=-4")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_group_id"),
            "group", "'group' must be positive group ids.");
        AssertOneFieldProblem(await (await owner.Client.GetAsync($"{url}?role=king&group=0")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_group_id"),
            "group", "'group' must be positive group ids.");
        AssertOneFieldProblem(await (await owner.Client.GetAsync($"{url}?role=king")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_role"),
            "role", "'role' must be owner, admin, manager or member.");
    }

    [Fact]
    public async Task The_members_filter_needs_all_permissions_any_group_role_and_text()
    {
        var (owner, id, url) = await factory.OwnedProjectAsync();
        var lead = await factory.GroupIdAsync(id, "lead");
        var tester = await factory.GroupIdAsync(id, "tester");
        var developer = await factory.GroupIdAsync(id, "developer");
        var ann = await factory.RegisterAndLoginAsync("Ann Lead");
        var bob = await factory.RegisterAndLoginAsync("Bob Tester");
        var cid = await factory.RegisterAndLoginAsync("Cid Dev");
        var dan = await factory.RegisterAndLoginAsync("Dan Manager");
        await factory.AddMemberAsync(owner, url, ann, "member", [lead]);
        await factory.AddMemberAsync(owner, url, bob, "member", [tester]);
        await factory.AddMemberAsync(owner, url, cid, "member", [developer]);
        await factory.AddMemberAsync(owner, url, dan, "manager");
        // bob gets tasks.assign directly
        await (await owner.Client.PutAsync($"{url}/members/{bob.Id}/permissions/tasks.assign", null)).Expect(HttpStatusCode.OK);

        async Task<long[]> Ids(string query) =>
            (await owner.GetAsync($"{url}/members?{query}"))["items"]!.AsArray().Select(m => (long)m!["user"]!["id"]!).Order().ToArray();

        Assert.Equal(new[] { owner.Id, ann.Id, dan.Id }.Order(), await Ids("permission=tasks.review&permission=tasks.assign&permission=tasks.create_root"));
        Assert.Equal(new[] { owner.Id, ann.Id, bob.Id, dan.Id }.Order(), await Ids("permission=tasks.review&permission=tasks.assign"));
        Assert.Equal(new[] { ann.Id, bob.Id }.Order(), await Ids($"permission=tasks.review&permission=tasks.assign&group={lead}&group={tester}"));
        Assert.Equal(new[] { cid.Id }, await Ids($"group={developer}"));
        Assert.Equal(new[] { dan.Id }, await Ids("role=manager"));
        Assert.Equal(new[] { bob.Id }, await Ids("q=bob%20TESTER"));
        Assert.Empty(await Ids("permission=no.such_code"));

        var page = await owner.GetAsync($"{url}/members?page_size=2&page=3");
        Assert.Equal(5, (long)page["total"]!);
        Assert.Single(page["items"]!.AsArray());

        await (await owner.Client.GetAsync($"{url}/members?permission=NOT%20A%20CODE")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_permission_code");
        await (await owner.Client.GetAsync($"{url}/members?group=abc")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.GetAsync($"{url}/members?group=-4")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.GetAsync($"{url}/members?role=king")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_role");
        var stranger = await factory.RegisterAndLoginAsync();
        await (await stranger.Client.GetAsync($"{url}/members")).ExpectProblem(HttpStatusCode.NotFound);
        await (await factory.Anonymous().GetAsync($"{url}/members")).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(0, await factory.StaleAccessRowsAsync());
    }
}
