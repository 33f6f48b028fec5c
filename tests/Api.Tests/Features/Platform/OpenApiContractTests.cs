using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Platform;

/// <summary>
/// Rules over the live document, so every route (including ones added later) is held to them:
/// a generated client can trust what each operation says about its errors and headers.
/// </summary>
public sealed class OpenApiContractTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task<JsonObject> DocumentAsync() =>
        (await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK)).AsObject();

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where !path.Key.StartsWith("/health/", StringComparison.Ordinal)
        select ($"{operation.Key.ToUpperInvariant()} {path.Key}", operation.Value!.AsObject());

    [Fact]
    public async Task The_problem_schema_has_every_member_errors_carry()
    {
        var problem = (await DocumentAsync())["components"]!["schemas"]!["Problem"]!;
        foreach (var member in new[] { "type", "title", "status", "detail", "code", "trace_id", "errors", "permission", "from", "to", "retry_after" })
            Assert.NotNull(problem["properties"]![member]);
        Assert.Contains("code", problem["required"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public async Task Every_error_response_of_every_operation_is_the_problem_schema_with_its_codes()
    {
        var failures = new List<string>();
        foreach (var (name, operation) in Operations(await DocumentAsync()))
        foreach (var (status, response) in operation["responses"]!.AsObject())
        {
            if (status[0] is not ('4' or '5'))
                continue;
            var schema = response!["content"]?["application/problem+json"]?["schema"]?["$ref"];
            if ((string?)schema != "#/components/schemas/Problem")
                failures.Add($"{name} {status}: not the Problem schema");
            if (!((string?)response["description"] ?? "").Contains("Codes: `", StringComparison.Ordinal))
                failures.Add($"{name} {status}: lists no code");
            if (response["content"]!.AsObject().Count != 1)
                failures.Add($"{name} {status}: more than one media type");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_operation_behind_a_token_documents_401_and_503()
    {
        var failures = new List<string>();
        foreach (var (name, operation) in Operations(await DocumentAsync()))
        {
            var responses = operation["responses"]!.AsObject();
            if (operation["security"] is JsonArray { Count: > 0 } security && security.Any(r => r!.AsObject().Count > 0)
                && !((string?)responses["401"]?["description"] ?? "").Contains("`session_ended`", StringComparison.Ordinal))
                failures.Add($"{name}: no 401 with its codes");
            if (responses["503"]?["headers"]?["Retry-After"] is null)
                failures.Add($"{name}: no 503 with Retry-After");
            if (responses["429"] is { } tooMany && tooMany["headers"]?["Retry-After"] is null)
                failures.Add($"{name}: 429 without Retry-After");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Codes_named_in_a_description_are_listed_under_their_status()
    {
        var document = await DocumentAsync();
        var update = document["paths"]!["/api/v1/deals/{id}"]!["patch"]!["responses"]!;
        Assert.Contains("`stage_rollback_forbidden`", (string?)update["403"]!["description"], StringComparison.Ordinal);
        Assert.Contains("`deal_amount_must_be_positive`", (string?)update["400"]!["description"], StringComparison.Ordinal);
        Assert.Contains("`unknown_field`", (string?)update["400"]!["description"], StringComparison.Ordinal);
        Assert.Contains("`organization_header_missing`", (string?)update["400"]!["description"], StringComparison.Ordinal);
    }

    /// <summary>A problem as the server sends it carries what the schema requires.</summary>
    [Fact]
    public async Task A_served_401_has_the_members_the_schema_requires()
    {
        var response = await factory.Anonymous().GetAsync("/api/v1/me");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ExpectProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        var required = (await DocumentAsync())["components"]!["schemas"]!["Problem"]!["required"]!.AsArray();
        foreach (var member in required)
            Assert.NotNull(problem[(string)member!]);
    }

    [Fact]
    public async Task Every_201_declares_Location_and_a_created_resource_sends_it()
    {
        var failures = Operations(await DocumentAsync())
            .Where(o => o.Operation["responses"]!["201"] is { } created && created["headers"]?["Location"] is null)
            .Select(o => o.Name).ToList();
        Assert.True(failures.Count == 0, "201 without Location: " + string.Join(", ", failures));

        var user = await factory.RegisterAndLoginAsync();
        var created = await user.Client.PostJson("/api/v1/organizations", new { name = "Located" });
        await created.Expect(HttpStatusCode.Created);
        Assert.NotNull(created.Headers.Location);
    }

    [Fact]
    public async Task Operations_that_honour_entity_tags_declare_their_headers()
    {
        var document = await DocumentAsync();
        JsonObject Operation(string path, string method) => document["paths"]![path]![method]!.AsObject();
        bool HasHeader(JsonObject operation, string name) =>
            operation["parameters"]!.AsArray().Any(p => (string?)p!["in"] == "header" && (string?)p["name"] == name);

        var patch = Operation("/api/v1/projects/{id}/tasks/{task_id}", "patch");
        Assert.True(HasHeader(patch, "If-Match"));
        Assert.NotNull(patch["responses"]!["412"]);
        Assert.NotNull(patch["responses"]!["200"]!["headers"]!["ETag"]);
        var read = Operation("/api/v1/projects/{id}/tasks/{task_id}", "get");
        Assert.True(HasHeader(read, "If-None-Match"));
        Assert.NotNull(read["responses"]!["304"]);
        Assert.True(HasHeader(Operation("/api/v1/projects/{id}/tasks/{task_id}", "delete"), "If-Match"));
        Assert.True(HasHeader(Operation("/api/v1/projects/{id}/tasks", "get"), "If-None-Match"));
    }

    [Theory]
    [InlineData("/api/v1/deals/{id}", "patch,delete")]
    [InlineData("/api/v1/contacts/{id}", "patch,delete")]
    [InlineData("/api/v1/organizations/{id}", "patch,put,delete")]
    [InlineData("/api/v1/projects/{id}", "patch,put,delete")]
    [InlineData("/api/v1/organizations/{id}/transfer-ownership", "post")]
    [InlineData("/api/v1/projects/{id}/groups/{group_id}", "patch,delete")]
    [InlineData("/api/v1/organizations/{id}/groups/{group_id}/permissions/{code}", "put,delete")]
    [InlineData("/api/v1/documents/{id}", "patch,delete")]
    [InlineData("/api/v1/documents/{id}/status", "post")]
    [InlineData("/api/v1/documents/{id}/send", "post")]
    public async Task Resources_a_team_edits_at_once_declare_their_entity_tags(string path, string writes)
    {
        var document = await DocumentAsync();
        var item = document["paths"]![path]!.AsObject();
        static bool HasHeader(JsonNode operation, string name) =>
            operation["parameters"]!.AsArray().Any(p => (string?)p!["in"] == "header" && (string?)p["name"] == name);

        if (item["get"] is { } read)
        {
            Assert.True(HasHeader(read, "If-None-Match"), $"GET {path}");
            Assert.NotNull(read["responses"]!["304"]);
            Assert.NotNull(read["responses"]!["200"]!["headers"]!["ETag"]);
            Assert.Contains("`etag_malformed`", (string?)read["responses"]!["400"]!["description"]);
        }
        foreach (var method in writes.Split(','))
        {
            var write = item[method]!;
            Assert.True(HasHeader(write, "If-Match"), $"{method} {path}");
            Assert.Contains("`etag_mismatch`", (string?)write["responses"]!["412"]!["description"]);
            Assert.Equal("#/components/schemas/Problem", (string?)write["responses"]!["412"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]);
            Assert.Contains("`etag_malformed`", (string?)write["responses"]!["400"]!["description"]);
            if (write["responses"]!["200"] is { } ok)
                Assert.NotNull(ok["headers"]!["ETag"]);
        }
    }

    [Fact]
    public async Task Anonymous_operations_say_so_and_health_is_documented()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!;
        Assert.Empty(paths["/api/v1/auth/login"]!["post"]!["security"]!.AsArray());
        Assert.Empty(paths["/health/ready"]!["get"]!["security"]!.AsArray());
        Assert.NotNull(paths["/health/live"]!["get"]!["responses"]!["200"]);
        Assert.NotEmpty(paths["/api/v1/me"]!["get"]!["security"]!.AsArray());
        Assert.Equal("/", (string?)document["servers"]![0]!["url"]);
    }
}

public sealed class PublicAddressFactory : AtriumFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["OpenApi:ServerUrl"] = "https://api.example.com";
        return settings;
    }
}

/// <summary>The document's server comes from the setting, never from the Host header a caller sends.</summary>
public sealed class ServerUrlTests(PublicAddressFactory factory) : IClassFixture<PublicAddressFactory>
{
    [Fact]
    public async Task Servers_come_from_the_setting_not_the_host_header()
    {
        var client = factory.Anonymous();
        client.DefaultRequestHeaders.Host = "evil.example.org";
        var document = await (await client.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var servers = document["servers"]!.AsArray();
        Assert.Single(servers);
        Assert.Equal("https://api.example.com", (string?)servers[0]!["url"]);
    }
}

/// <summary>A request member that may be null may be left out.</summary>
public sealed class RequestShapeTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task No_request_body_requires_a_member_that_may_be_null()
    {
        var document = await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var schemas = document["components"]!["schemas"]!;
        var failures = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            if ((string?)operation!["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"] is not { } reference)
                continue;
            var schema = schemas[reference.Split('/')[^1]]!;
            foreach (var name in schema["required"]?.AsArray().Select(n => (string)n!) ?? [])
                if (schema["properties"]![name]!["type"] is JsonArray types && types.Any(t => (string?)t == "null"))
                    failures.Add($"{method.ToUpperInvariant()} {path}: {name}");
        }
        Assert.True(failures.Count == 0, "nullable yet required: " + string.Join(", ", failures));
        var login = schemas["LoginRequest"]!["required"]!.AsArray().Select(n => (string?)n).ToList();
        Assert.Equal(["password"], login);
    }
}

/// <summary>One shape per kind of answer: a list is always the page envelope <c>{items, page, page_size, total}</c>, never a bare array.</summary>
public sealed class ListShapeTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task No_operation_answers_a_bare_array()
    {
        var document = await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var schemas = document["components"]!["schemas"]!;
        var failures = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        foreach (var (status, response) in operation!["responses"]!.AsObject())
        {
            if (!status.StartsWith('2') || response!["content"]?["application/json"]?["schema"] is not { } schema)
                continue;
            if (schema["$ref"] is { } reference)
                schema = schemas[((string)reference!).Split('/')[^1]]!;
            var type = schema["type"];
            if ((type is JsonValue && (string?)type == "array") || (type is JsonArray types && types.Any(t => (string?)t == "array")))
                failures.Add($"{method.ToUpperInvariant()} {path} {status}");
        }
        Assert.True(failures.Count == 0, "bare arrays: " + string.Join(", ", failures));
    }
}
