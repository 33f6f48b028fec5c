using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Features.Spaces;
using Atrium.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Api.Tests.Features.Platform;

/// <summary>
/// SPEC §1 "No input may produce a 500": every operation of the OpenAPI document gets a bounded battery of
/// hostile requests (junk path and query parameters, malformed and mistyped bodies, bad organization headers,
/// junk ETags), as the owner of an organization and a project, and once more without a token. No answer may
/// be a 5xx, every 4xx must be a problem with a <c>code</c>, and the server must log no unhandled exception
/// and no value refused by PostgreSQL: input is checked at the edge, the database's refusal is only a safety
/// net (a NUL that reached PostgreSQL once left a pooled connection broken for the next request).
/// </summary>
public sealed class NoServerErrorTests(ErrorLogFactory factory) : IClassFixture<ErrorLogFactory>
{
    private static readonly string[] PathJunk =
        ["0", "-1", "9223372036854775807", "99999999999999999999", "abc", "%00", new string('a', 3000)];

    private static readonly string[] QueryJunk =
        ["abc", "-1", "%00", "", "99999999999999999999", "9223372036854775807", "-9223372036854775808", "2026-13-45",
         "0001-01-01", "9999-12-31T23:59:59Z", "1e309", new string('z', 3000)];

    private static readonly string[] OrganizationJunk = ["abc", "-5", "0", "99999999999999999999", "1, 2"];

    private static readonly string LongText = new('x', 10_000);

    private static readonly string[] MalformedTags = ["junk", "\"", "W/", "W/\"", "\"a\" \"b\"", LongText, "\"" + LongText, "*, \"a\""];

    public static IEnumerable<object[]> Operations() => OpenApiOperations.All.Value.Select(o => new object[] { o.Method, o.Path });

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Hostile_input_never_produces_a_server_error(string method, string path)
    {
        var operation = await factory.OperationAsync(method, path);
        var world = await World.ArrangeAsync(factory, path);
        var probe = new Probe(factory, world.Owner.Client);
        var isCrm = operation.HeaderParameters.Contains("X-Organization-Id");
        var sample = operation.BodySchema is null ? null : Bodies.Sample(operation.BodySchema, factory.Schemas, world);
        var realPath = world.Fill(path);

        // Path parameters, one at a time, the others real.
        foreach (var name in operation.PathParameters)
        foreach (var junk in PathJunk)
            await probe.SendAsync(method, world.Fill(path, name, junk), sample?.ToJsonString(), isCrm ? world.OrganizationId : null);

        // Query parameters, one at a time; and each one repeated.
        foreach (var name in operation.QueryParameters)
        {
            foreach (var junk in QueryJunk)
                await probe.SendAsync(method, $"{realPath}?{name}={junk}", sample?.ToJsonString(), isCrm ? world.OrganizationId : null);
            await probe.SendAsync(method, $"{realPath}?{name}=1&{name}=2&{name}=abc", sample?.ToJsonString(), isCrm ? world.OrganizationId : null);
        }

        // The organization header: missing, junk, and an organization the caller is not in.
        if (isCrm)
        {
            await probe.SendAsync(method, realPath, sample?.ToJsonString(), null);
            foreach (var junk in OrganizationJunk.Append(world.ForeignOrganizationId.ToString()))
                await probe.SendAsync(method, realPath, sample?.ToJsonString(), junk);
        }

        // Junk ETags (never "*", which would let a destructive request through before the bodies are tried). Where the
        // operation honours If-Match, a malformed one is refused: it never lets the write through as if it were absent.
        if (operation.PathParameters.Count > 0)
        {
            var organization = isCrm ? world.OrganizationId : null;
            var honoursIfMatch = operation.HeaderParameters.Contains("If-Match");
            foreach (var junk in MalformedTags)
            {
                var status = await probe.SendAsync(method, realPath, sample?.ToJsonString(), organization, ("If-Match", junk));
                if (honoursIfMatch)
                    Assert.True(status is 400 or 404, $"{method} {path} with If-Match: {junk[..Math.Min(junk.Length, 20)]} answered {status}");
                await probe.SendAsync(method, realPath, sample?.ToJsonString(), organization, ("If-None-Match", junk));
            }
            await probe.SendAsync(method, realPath, sample?.ToJsonString(), organization, ("If-Match", "W/\"\u00e9\", \"\""));
            await probe.SendAsync(method, realPath, sample?.ToJsonString(), organization, ("If-Match", "\"0-0\""));
            await probe.SendAsync(method, realPath, sample?.ToJsonString(), organization, ("If-None-Match", "\"nope\""));
        }

        // Bodies: each property of the sample replaced by hostile values, then whole malformed bodies.
        if (sample is not null)
        {
            foreach (var body in Bodies.Mutations(operation.BodySchema!, factory.Schemas, sample))
                await probe.SendAsync(method, realPath, body, isCrm ? world.OrganizationId : null);
            foreach (var raw in Bodies.Raw)
                await probe.SendAsync(method, realPath, raw, isCrm ? world.OrganizationId : null);
            await probe.SendAsync(method, realPath, "x", isCrm ? world.OrganizationId : null, contentType: "text/plain");
            await probe.SendAsync(method, realPath, sample.ToJsonString(), isCrm ? world.OrganizationId : null);
        }
        await probe.SendAsync(method, realPath, null, isCrm ? world.OrganizationId : null);

        probe.AssertClean($"{method} {path}");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Without_a_token_every_route_is_401_or_public(string method, string path)
    {
        var operation = await factory.OperationAsync(method, path);
        var url = World.FillWithOnes(path);
        var body = operation.BodySchema is null ? null : "{}";
        var probe = new Probe(factory, factory.Anonymous());
        var statuses = new List<int>
        {
            await probe.SendAsync(method, url, body, "1"),
            await probe.SendAsync(method, url, body, null),
            await probe.SendAsync(method, url, body, "1", ("Authorization", "Bearer abc")),
            await probe.SendAsync(method, url, body, "1", ("Authorization", "Bearer " + new string('a', 4000))),
        };
        if (operation.RequiresAuthentication)
            Assert.All(statuses, s => Assert.True(s is 401 or 404 or 405, $"{method} {path} without a valid token answered {s}"));
        probe.AssertClean($"{method} {path} (anonymous)");
    }

    [Fact]
    public void The_battery_covers_every_operation_of_the_document()
    {
        Assert.True(OpenApiOperations.All.Value.Count >= 100, $"only {OpenApiOperations.All.Value.Count} operations found");
        Assert.Contains(OpenApiOperations.All.Value, o => o is { Method: "POST", Path: "/api/v1/deals" });
    }

    /// <summary>Sends requests, remembers every answer that breaks the rules and every error the server logged meanwhile.</summary>
    private sealed class Probe(ErrorLogFactory factory, HttpClient client)
    {
        private readonly List<string> _failures = [];
        private readonly int _logMark = factory.Errors.Count;
        private int _sent;

        public async Task<int> SendAsync(string method, string url, string? body, string? organizationId,
            (string Name, string Value)? header = null, string contentType = "application/json")
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null)
                request.Content = new StringContent(body, Encoding.UTF8, contentType);
            if (organizationId is not null)
                request.Headers.TryAddWithoutValidation("X-Organization-Id", organizationId);
            if (header is { } h)
            {
                if (h.Name == "Authorization")
                    request.Headers.Authorization = null;
                request.Headers.TryAddWithoutValidation(h.Name, h.Value);
            }

            _sent++;
            HttpResponseMessage answer;
            try
            {
                answer = await client.SendAsync(request);
            }
            catch (InvalidOperationException e) when (url.Split('?')[0].Contains("%00", StringComparison.Ordinal) && e.Message.Contains("null characters", StringComparison.Ordinal))
            {
                // The server refuses a NUL in the path before any application code runs (Kestrel: 400);
                // the in-memory test host reports the same refusal as this exception.
                return 400;
            }
            using var response = answer;
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            var what = $"{method} {Shorten(url)} body={Shorten(body ?? "(none)")} org={organizationId ?? "(none)"} {header?.Name}";
            if (status >= 500)
                _failures.Add($"{status} for {what}: {Shorten(text)}");
            else if (status is >= 400 and < 500 && !IsProblemWithCode(response, text))
                _failures.Add($"{status} without a problem code for {what}: {Shorten(text)}");
            return status;
        }

        public void AssertClean(string operation)
        {
            var logged = factory.Errors.Skip(_logMark).ToList();
            var problems = _failures.Concat(logged.Select(e => "server logged: " + e)).ToList();
            Assert.True(problems.Count == 0,
                $"{operation}: {problems.Count} violation(s) in {_sent} requests:\n" + string.Join("\n", problems.Take(15)));
        }

        private static bool IsProblemWithCode(HttpResponseMessage response, string text)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                return false;
            try
            {
                return !string.IsNullOrEmpty((string?)JsonNode.Parse(text)?["code"]);
            }
            catch (System.Text.Json.JsonException)
            {
                return false;
            }
        }

        private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + $"…({text.Length} chars)";
    }

    /// <summary>The things a route's path parameters can name, owned by one fresh user.</summary>
    private sealed class World
    {
        public required TestUser Owner { get; init; }
        public required long OrganizationIdValue { get; init; }
        public required long ProjectId { get; init; }
        public required long ForeignOrganizationId { get; init; }
        public Dictionary<string, string> Values { get; } = [];

        public string OrganizationId => OrganizationIdValue.ToString();

        public static async Task<World> ArrangeAsync(ErrorLogFactory factory, string path)
        {
            var email = $"fuzz.{Guid.NewGuid():N}@example.com";
            var anonymous = factory.Anonymous();
            var registered = await (await anonymous.PostJson("/api/v1/auth/register",
                new { email, password = Users.DefaultPassword, name = "Fuzz Owner", organization_name = "Fuzz Org" })).Expect(HttpStatusCode.Created);
            var tokens = await (await anonymous.PostJson("/api/v1/auth/login", new { email, password = Users.DefaultPassword })).Expect(HttpStatusCode.OK);
            var access = (string)tokens["access_token"]!;
            var owner = new TestUser((long)registered["id"]!, email, Users.DefaultPassword, access, (string)tokens["refresh_token"]!,
                (string)tokens["session_id"]!, factory.Anonymous().WithBearer(access));
            var organizationId = (long)registered["organization"]!["id"]!;
            var projectId = await Create(owner.Client, "/api/v1/projects", new { name = "Fuzz Board", visibility = "public" });
            var stranger = await factory.StrangerAsync();
            var world = new World
            {
                Owner = owner,
                OrganizationIdValue = organizationId,
                ProjectId = projectId,
                ForeignOrganizationId = stranger.OrganizationId,
            };
            world.Values["user_id"] = owner.Id.ToString();
            world.Values["code"] = "audit.read";
            world.Values["session"] = owner.SessionId;

            var space = path.StartsWith("/api/v1/organizations/{id}", StringComparison.Ordinal) ? $"/api/v1/organizations/{organizationId}"
                : $"/api/v1/projects/{projectId}";
            var crm = new Dictionary<string, string> { ["X-Organization-Id"] = organizationId.ToString() };
            if (path.StartsWith("/api/v1/contacts", StringComparison.Ordinal) || path.StartsWith("/api/v1/deals", StringComparison.Ordinal)
                || path.StartsWith("/api/v1/tasks", StringComparison.Ordinal) || path.StartsWith("/api/v1/analytics", StringComparison.Ordinal))
            {
                var contact = await Create(owner.Client, "/api/v1/contacts", new { name = "Fuzz Contact", email = $"c.{Guid.NewGuid():N}@example.com" }, crm);
                var deal = await Create(owner.Client, "/api/v1/deals", new { contact_id = contact, title = "Fuzz deal", amount = 100, currency = "EUR" }, crm);
                var task = await Create(owner.Client, "/api/v1/tasks", new { deal_id = deal, title = "Call back" }, crm);
                world.Values["contact"] = contact.ToString();
                world.Values["deal"] = deal.ToString();
                world.Values["crm_task"] = task.ToString();
            }
            if (path.StartsWith("/api/v1/documents", StringComparison.Ordinal) || path.EndsWith("/documents", StringComparison.Ordinal)
                || path.Contains("/signing-key", StringComparison.Ordinal))
                world.Values["document"] = (await Create(owner.Client, "/api/v1/documents", new { title = "Fuzz document", text = "fuzz" }, crm)).ToString();
            if (path.Contains("{task_id}", StringComparison.Ordinal) || path.EndsWith("/tasks", StringComparison.Ordinal))
                world.Values["task_id"] = (await Create(owner.Client, $"/api/v1/projects/{projectId}/tasks", new { title = "Fuzz task" })).ToString();
            if (path.Contains("{group_id}", StringComparison.Ordinal) || path.Contains("/members", StringComparison.Ordinal))
                world.Values["group_id"] = (await Create(owner.Client, $"{space}/groups", new { name = "Fuzzers", permissions = new[] { "audit.read" } })).ToString();
            if (path.Contains("{invitation_id}", StringComparison.Ordinal))
                world.Values["invitation_id"] = (await Create(owner.Client, $"{space}/invitations", new { email = $"i.{Guid.NewGuid():N}@example.com", role = "member" })).ToString();
            if (path.Contains("{request_id}", StringComparison.Ordinal))
                world.Values["request_id"] = (await Create(stranger.User.Client, $"/api/v1/projects/{projectId}/join-requests", new { message = "let me in" })).ToString();
            return world;
        }

        /// <summary>The path with every parameter naming a real thing of this world, except <paramref name="junkName"/>.</summary>
        public string Fill(string path, string? junkName = null, string? junk = null)
        {
            var segments = path.Split('/');
            for (var i = 0; i < segments.Length; i++)
            {
                if (!segments[i].StartsWith('{'))
                    continue;
                var name = segments[i].Trim('{', '}');
                segments[i] = name == junkName ? junk! : RealValue(segments, i, name);
            }
            return string.Join('/', segments);
        }

        public static string FillWithOnes(string path) =>
            string.Join('/', path.Split('/').Select(s => s.StartsWith('{') ? "1" : s));

        private string RealValue(string[] segments, int index, string name)
        {
            if (name != "id")
                return Values.GetValueOrDefault(name, "1");
            return segments[index - 1] switch
            {
                "organizations" => OrganizationId,
                "projects" => ProjectId.ToString(),
                "contacts" => Values.GetValueOrDefault("contact", "1"),
                "deals" => Values.GetValueOrDefault("deal", "1"),
                "tasks" => Values.GetValueOrDefault("crm_task", "1"),
                "documents" => Values.GetValueOrDefault("document", "1"),
                "users" => Owner.Id.ToString(),
                "sessions" => Values["session"],
                _ => "1",
            };
        }

        private static async Task<long> Create(HttpClient client, string url, object body, Dictionary<string, string>? headers = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = System.Net.Http.Json.JsonContent.Create(body, options: Http.Json),
            };
            foreach (var (name, value) in headers ?? [])
                request.Headers.Add(name, value);
            var created = await (await client.SendAsync(request)).Expect(HttpStatusCode.Created);
            return (long)created["id"]!;
        }
    }

    /// <summary>Request bodies: a plausible sample built from the schema, and hostile variations of it.</summary>
    private static class Bodies
    {
        public static readonly string[] Raw =
        [
            "{}", "[]", "null", "\"x\"", "{", "42", "true", "{\"a\":", "\u0000", "{\"unknown\": 1}",
            new string('[', 200) + new string(']', 200),
            "{\"a\":" + string.Concat(Enumerable.Repeat("{\"b\":", 100)) + "1" + new string('}', 101),
        ];

        public static JsonObject Sample(JsonObject schema, JsonObject schemas, World world)
        {
            var sample = new JsonObject();
            foreach (var (name, property) in Properties(schema, schemas))
                sample[name] = SampleValue(name, property!.AsObject(), schemas, world);
            return sample;
        }

        public static IEnumerable<string> Mutations(JsonObject schema, JsonObject schemas, JsonObject sample)
        {
            foreach (var (name, property) in Properties(schema, schemas))
            foreach (var value in Hostile(name, TypeOf(property!.AsObject(), schemas)))
            {
                var body = sample.DeepClone().AsObject();
                body[name] = value?.DeepClone();
                yield return Expand(body.ToJsonString());
            }
            // Every property hostile at once, and every property null.
            yield return new JsonObject(Properties(schema, schemas).Select(p =>
                KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create("\u0000" + LongText)))).ToJsonString();
            yield return new JsonObject(Properties(schema, schemas).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)null))).ToJsonString();
        }

        private static IEnumerable<KeyValuePair<string, JsonNode?>> Properties(JsonObject schema, JsonObject schemas) =>
            Resolve(schema, schemas)["properties"]?.AsObject() ?? [];

        private static JsonObject Resolve(JsonObject schema, JsonObject schemas)
        {
            if (schema["$ref"] is { } reference)
                return Resolve(schemas[((string)reference!).Split('/')[^1]]!.AsObject(), schemas);
            if (schema["oneOf"] is JsonArray oneOf)
                foreach (var option in oneOf)
                    if ((string?)option!["type"] != "null")
                        return Resolve(option.AsObject(), schemas);
            return schema;
        }

        /// <summary>The JSON type of a property ("string", "integer", "number", "boolean", "array", "object"), and whether it holds a date.</summary>
        private static (string Type, bool Date) TypeOf(JsonObject property, JsonObject schemas)
        {
            var resolved = Resolve(property, schemas);
            var type = resolved["type"] switch
            {
                JsonArray types => types.Select(t => (string)t!).FirstOrDefault(t => t != "null") ?? "object",
                JsonValue single => (string)single!,
                _ => resolved["enum"] is not null ? "string" : "object",
            };
            var format = (string?)resolved["format"];
            return (type, format is "date" or "date-time");
        }

        private static JsonNode? SampleValue(string name, JsonObject property, JsonObject schemas, World world)
        {
            var resolved = Resolve(property, schemas);
            if (resolved["enum"] is JsonArray values && values.Count > 0)
                return values[0]!.DeepClone();
            return name switch
            {
                "email" => $"s.{Guid.NewGuid():N}@example.com",
                "role" => "member",
                "visibility" => "public",
                "currency" => "EUR",
                "contact_id" => long.Parse(world.Values.GetValueOrDefault("contact", "1")),
                "deal_id" => long.Parse(world.Values.GetValueOrDefault("deal", "1")),
                "user_id" or "owner_id" or "assignee_id" => world.Owner.Id,
                "parent_id" => long.Parse(world.Values.GetValueOrDefault("task_id", "1")),
                "group_ids" => new JsonArray(long.Parse(world.Values.GetValueOrDefault("group_id", "1"))),
                "permissions" => new JsonArray("audit.read"),
                "password" or "current_password" => Users.DefaultPassword,
                "new_password" => "another horse battery",
                _ => TypeOf(property, schemas) switch
                {
                    (_, true) => "2030-01-31",
                    ("string", _) => "Fuzz value",
                    ("integer", _) => 1,
                    ("number", _) => 10.5,
                    ("boolean", _) => true,
                    ("array", _) => new JsonArray(),
                    _ => new JsonObject { ["note"] = "fuzz" },
                },
            };
        }

        // A JSON writer cannot emit a lone surrogate or nest past its own bound, so these stand in for text that
        // Expand puts into the finished body.
        private const string LoneSurrogate = "@@lone-surrogate@@";
        private const string DeepObject = "@@deep-object@@";

        private static string Expand(string body) => body
            .Replace("\"" + DeepObject + "\"", string.Concat(Enumerable.Repeat("{\"d\":", 70)) + "1" + new string('}', 70))
            .Replace(LoneSurrogate, "\\ud800");

        private static IEnumerable<JsonNode?> Hostile(string name, (string Type, bool Date) type)
        {
            yield return null;
            yield return new JsonObject { ["a"] = new JsonObject { ["b"] = new JsonArray(1, "x", null) } };
            yield return LoneSurrogate;
            yield return new JsonObject { [LoneSurrogate] = 1, ["k"] = "v" + LoneSurrogate };
            yield return DeepObject;
            switch (type.Type)
            {
                case "string":
                    yield return 12345;
                    yield return true;
                    yield return new JsonArray("x");
                    yield return "";
                    yield return "a\u0000b";
                    yield return LongText;
                    yield return "\ud83d\ude00 <script>' OR 1=1 --";
                    if (type.Date || name.Contains("date", StringComparison.Ordinal))
                    {
                        yield return "0001-01-01";
                        yield return "9999-12-31";
                        yield return "2026-13-45";
                        yield return "0001-01-01T00:00:00Z";
                        yield return "9999-12-31T23:59:59.9999999Z";
                    }
                    break;
                case "integer":
                case "number":
                    yield return "abc";
                    yield return "12";
                    yield return -1;
                    yield return 0;
                    yield return long.MaxValue;
                    yield return long.MinValue;
                    yield return JsonNode.Parse("99999999999999999999");
                    yield return JsonNode.Parse("1e30");
                    yield return JsonNode.Parse("-1e30");
                    yield return 1.5;
                    yield return JsonNode.Parse("123456789012.345");
                    yield return 0.001;
                    break;
                case "boolean":
                    yield return "yes";
                    yield return 1;
                    break;
                case "array":
                    yield return "x";
                    yield return new JsonArray("a\u0000b", LongText);
                    yield return new JsonArray(-1, 0, long.MaxValue);
                    yield return new JsonArray(JsonNode.Parse("99999999999999999999"));
                    yield return new JsonArray((JsonNode?)null);
                    yield return new JsonArray(new JsonObject());
                    yield return new JsonArray(Enumerable.Range(1, 1000).Select(i => (JsonNode?)i).ToArray());
                    break;
                default:
                    yield return "x";
                    yield return new JsonArray();
                    yield return new JsonObject { ["text"] = "a\u0000b", ["big"] = JsonNode.Parse("1e308"), ["long"] = LongText };
                    yield return JsonNode.Parse(string.Concat(Enumerable.Repeat("{\"n\":", 60)) + "1" + new string('}', 60));
                    break;
            }
        }
    }
}

/// <summary>An operation of the OpenAPI document: its parameters by place and its request body schema.</summary>
public sealed record OpenApiOperation(string Method, string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters,
    IReadOnlyList<string> HeaderParameters, JsonObject? BodySchema, bool RequiresAuthentication)
{
    public static IReadOnlyList<OpenApiOperation> Read(JsonNode document)
    {
        var operations = new List<OpenApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, node) in item!.AsObject())
        {
            var parameters = node!["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
            List<string> In(string place) => parameters.Where(p => (string?)p["in"] == place).Select(p => (string)p["name"]!).ToList();
            var body = node["requestBody"]?["content"]?["application/json"]?["schema"]?.DeepClone().AsObject();
            operations.Add(new OpenApiOperation(method.ToUpperInvariant(), path, In("path"), In("query"), In("header"), body,
                node["security"] is JsonArray { Count: > 0 }));
        }
        return operations;
    }
}

/// <summary>The operations of the live OpenAPI document, read once from a service of their own (test data is built before fixtures exist).</summary>
public static class OpenApiOperations
{
    public static readonly Lazy<IReadOnlyList<OpenApiOperation>> All = new(() => LoadAsync().GetAwaiter().GetResult());

    private static async Task<IReadOnlyList<OpenApiOperation>> LoadAsync()
    {
        var factory = new AtriumFactory();
        await factory.InitializeAsync();
        try
        {
            var document = await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
            return OpenApiOperation.Read(document);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }
}

/// <summary>
/// A service whose error log is kept: any entry at Error or above, and any warning of the error handler (a value
/// PostgreSQL refused), is a failure of the request that caused it.
/// </summary>
public sealed class ErrorLogFactory : AtriumFactory
{
    private readonly ErrorLog _log = new();
    private JsonNode? _document;
    private (long OrganizationId, TestUser User)? _stranger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public IReadOnlyCollection<string> Errors => _log.Entries;

    public JsonObject Schemas => _document!["components"]!["schemas"]!.AsObject();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(_log));
    }

    public async Task<OpenApiOperation> OperationAsync(string method, string path)
    {
        _document ??= await (await Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        return OpenApiOperation.Read(_document).Single(o => o.Method == method && o.Path == path);
    }

    /// <summary>Someone with an organization of their own, unrelated to the people under test.</summary>
    public async Task<(long OrganizationId, TestUser User)> StrangerAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_stranger is null)
            {
                var organization = await Crm.CrmWorld.NewOrganizationAsync(this, "Elsewhere Ltd", "Sam Stranger");
                _stranger = (organization.Id, organization.Owner);
            }
            return _stranger.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class ErrorLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _entries = new();

        public IReadOnlyCollection<string> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error
                || (logLevel == LogLevel.Warning && category.EndsWith(".UnexpectedErrorHandler", StringComparison.Ordinal));

            /// <summary>The exception's type, message and first frames: enough to find the line at fault.</summary>
            private static string Describe(Exception? exception) => exception is null ? ""
                : $"{exception.GetType().Name}: {exception.Message}\n" + string.Join("\n", (exception.StackTrace ?? "").Split('\n').Take(12));

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                    entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {Describe(exception)}");
            }
        }
    }
}

/// <summary>NUL characters are refused at the edge with a field-level 400, before any of them reaches PostgreSQL.</summary>
public sealed class NulAtTheEdgeTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_nul_in_a_json_string_is_400_invalid_text_naming_the_field()
    {
        var owner = await factory.RegisterAndLoginAsync("Nul Owner");
        var project = await owner.CreateProjectAsync();
        var problem = await (await owner.Client.SendRaw(HttpMethod.Post, $"/api/v1/projects/{project}/tasks", "{\"title\": \"a\\u0000b\"}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_text");
        Assert.NotNull(problem["errors"]!["title"]);
    }

    [Fact]
    public async Task A_nul_in_a_nested_string_or_array_is_refused_too()
    {
        var owner = await factory.RegisterAndLoginAsync("Nul Groups");
        var project = await owner.CreateProjectAsync();
        var problem = await (await owner.Client.SendRaw(HttpMethod.Post, $"/api/v1/projects/{project}/groups",
                "{\"name\": \"Ops\", \"permissions\": [\"audit.read\", \"x\\u0000\"]}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "invalid_text");
        Assert.NotNull(problem["errors"]!["permissions[1]"]);
    }

    [Fact]
    public async Task A_nul_inside_settings_is_400_not_a_database_error()
    {
        var owner = await factory.RegisterAndLoginAsync("Nul Settings");
        var problem = await (await owner.Client.SendRaw(HttpMethod.Post, "/api/v1/projects",
                "{\"name\": \"Board\", \"settings\": {\"theme\": {\"x\\u0000\": 1}}}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotNull(problem["errors"]!["settings"]);
    }

    [Fact]
    public async Task A_nul_in_a_query_string_is_400_invalid_text_naming_the_parameter()
    {
        var owner = await factory.RegisterAndLoginAsync("Nul Query");
        var problem = await (await owner.Client.GetAsync("/api/v1/projects?q=a%00b")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_text");
        Assert.NotNull(problem["errors"]!["q"]);
        await (await owner.Client.GetAsync("/api/v1/projects?q=ab")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_nul_query_string_without_a_token_is_still_401()
    {
        await (await factory.Anonymous().GetAsync("/api/v1/projects/1/members?q=%00")).ExpectProblem(HttpStatusCode.Unauthorized);
    }
}
