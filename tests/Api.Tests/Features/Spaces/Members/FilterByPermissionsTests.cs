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
}
