using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>JSON over HTTP the way API clients speak it: snake_case.</summary>
public static class Http
{
    public static readonly JsonSerializerOptions Json = CreateOptions();

    /// <summary>Answers may nest stored JSON deeper than a parser's default of 64 levels.</summary>
    private static readonly JsonDocumentOptions Deep = new() { MaxDepth = 1024 };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Atrium.Api.Infrastructure.Json.JsonSetup.Apply(options);
        return options;
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object? body) =>
        client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object? body) =>
        client.PutAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PatchJson(this HttpClient client, string url, object? body) =>
        client.PatchAsJsonAsync(url, body, Json);

    /// <summary>Sends <paramref name="raw"/> as the body, byte for byte (for malformed-input tests).</summary>
    public static Task<HttpResponseMessage> SendRaw(this HttpClient client, HttpMethod method, string url, string raw, string contentType = "application/json") =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(raw, Encoding.UTF8, contentType) });

    public static async Task<JsonNode> ReadNode(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text, documentOptions: Deep) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    public static async Task<T> Read<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json))!;

    /// <summary>Asserts the status and returns the JSON body.</summary>
    public static async Task<JsonNode> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text, documentOptions: Deep)!;
    }

    /// <summary>Asserts a problem-details answer with this status and code; returns it.</summary>
    public static async Task<JsonNode> ExpectProblem(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var problem = await response.Expect(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["trace_id"]), "problem without trace_id");
        Assert.False(string.IsNullOrEmpty((string?)problem["code"]), "problem without code");
        if (code is not null)
            Assert.Equal(code, (string?)problem["code"]);
        return problem;
    }

    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static HttpClient WithHeader(this HttpClient client, string name, string value)
    {
        client.DefaultRequestHeaders.Remove(name);
        client.DefaultRequestHeaders.Add(name, value);
        return client;
    }
}
