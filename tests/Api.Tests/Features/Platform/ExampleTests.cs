using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Platform;

/// <summary>
/// Every JSON request body of the document carries an example that its schema accepts and that the server does not
/// refuse as malformed: a client copying it gets past validation (then 2xx, or 401/403/404/409 for ids and state).
/// </summary>
public sealed class ExampleTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    /// <summary>Codes that mean the body itself was refused.</summary>
    private static readonly HashSet<string> ShapeCodes = ["malformed_json", "unknown_field", "validation_failed", "invalid_text"];

    private async Task<JsonObject> DocumentAsync() =>
        (await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK)).AsObject();

    private static IEnumerable<(string Method, string Path, JsonObject Media)> Bodies(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        let media = operation.Value!["requestBody"]?["content"]?["application/json"]
        where media is not null
        select (operation.Key.ToUpperInvariant(), path.Key, media.AsObject());

    [Fact]
    public async Task Every_json_request_body_has_an_example_its_schema_accepts()
    {
        var document = await DocumentAsync();
        var schemas = new DocumentSchemas(document);
        var failures = new List<string>();
        foreach (var (method, path, media) in Bodies(document))
        {
            if (media["example"] is not { } example)
            {
                failures.Add($"{method} {path}: no example");
                continue;
            }
            foreach (var error in schemas.Check(media["schema"]!, example))
                failures.Add($"{method} {path}: {error}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(Bodies(document).Count() > 40);
    }

    [Fact]
    public async Task The_server_takes_every_example_past_its_validation()
    {
        var document = await DocumentAsync();
        var user = await factory.RegisterAndLoginAsync();
        var organization = await (await user.Client.PostJson("/api/v1/organizations", new { name = "Examples" })).Expect(HttpStatusCode.Created);
        var project = await (await user.Client.PostJson("/api/v1/projects", new { name = "Examples" })).Expect(HttpStatusCode.Created);
        var failures = new List<string>();
        // Session-ending routes go last, so the ones before them run with a live token.
        foreach (var (method, path, media) in Bodies(document).OrderBy(b => b.Path.Contains("logout", StringComparison.Ordinal) || b.Path.Contains("sessions", StringComparison.Ordinal)))
        {
            var url = path.Replace("{id}", path.StartsWith("/api/v1/projects/", StringComparison.Ordinal)
                    ? ((long)project["id"]!).ToString() : ((long)organization["id"]!).ToString(), StringComparison.Ordinal);
            url = System.Text.RegularExpressions.Regex.Replace(url, @"\{[a-z_]+\}", "1");
            using var request = new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = new StringContent(media["example"]!.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Organization-Id", ((long)organization["id"]!).ToString());
            var response = await user.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.BadRequest)
                continue;
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            if (ShapeCodes.Contains((string?)problem?["code"] ?? ""))
                failures.Add($"{method} {path}: {problem!.ToJsonString()}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
