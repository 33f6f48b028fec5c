using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace Atrium.Api.Tests.Features.Platform;

public sealed class PlatformTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Unknown_routes_are_404_problems()
    {
        await (await factory.Anonymous().GetAsync("/api/v1/nothing-here")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        await (await factory.Anonymous().DeleteAsync("/api/v1/auth/login")).ExpectProblem(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task Health_live_and_ready_answer_200()
    {
        await (await factory.Anonymous().GetAsync("/health/live")).Expect(HttpStatusCode.OK);
        var ready = await (await factory.Anonymous().GetAsync("/health/ready")).Expect(HttpStatusCode.OK);
        Assert.Equal("healthy", (string?)ready["checks"]!["postgres"]!["status"]);
        Assert.Equal("healthy", (string?)ready["checks"]!["redis"]!["status"]);
    }

    [Fact]
    public async Task Scalar_is_served()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = true });
        var response = await client.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("scalar", (await response.Content.ReadAsStringAsync()).ToLowerInvariant());
    }

    [Fact]
    public async Task Every_operation_has_a_summary_a_tag_and_problem_responses()
    {
        var document = await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]);
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)operation!["summary"]), $"{method} {path} has no summary");
            Assert.NotEmpty(operation["tags"]!.AsArray());
            var responses = operation["responses"]!.AsObject();
            Assert.True(responses.Any(r => r.Key.StartsWith('4')) || path.StartsWith("/health"), $"{method} {path} documents no problem response");
        }
    }

    /// <summary>Two request records of the same name in different slices once shared one schema, documenting the wrong body.</summary>
    [Fact]
    public async Task Deal_tasks_and_tracker_tasks_document_their_own_request_bodies()
    {
        var document = await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        JsonNode BodyOf(string path) =>
            document["components"]!["schemas"]![((string)document["paths"]![path]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!).Split('/')[^1]]!;
        Assert.NotNull(BodyOf("/api/v1/tasks")["properties"]!["deal_id"]);
        Assert.NotNull(BodyOf("/api/v1/projects/{id}/tasks")["properties"]!["parent_id"]);
    }

    /// <summary>Any change of the API contract shows up in review as a change of this snapshot.</summary>
    [Fact]
    public async Task The_openapi_document_matches_the_snapshot()
    {
        var document = await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        document.AsObject().Remove("servers");
        Snapshot.Match(document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }
}

public sealed class SmallBodyFactory : AtriumFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Http:MaxRequestBodyBytes"] = "2048";
        return settings;
    }
}

public sealed class BodyLimitTests(SmallBodyFactory factory) : IClassFixture<SmallBodyFactory>
{
    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        var body = "{\"email\": \"" + new string('a', 4000) + "@example.com\", \"password\": \"password-1\"}";
        await (await factory.Anonymous().SendRaw(HttpMethod.Post, "/api/v1/auth/register", body))
            .ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task A_body_under_the_limit_goes_through()
    {
        await (await factory.Anonymous().PostJson("/api/v1/auth/register", new { email = $"small.{Guid.NewGuid():N}@example.com", password = "password-1" }))
            .Expect(HttpStatusCode.Created);
    }
}
