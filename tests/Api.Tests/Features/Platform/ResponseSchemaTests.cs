using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Platform;

/// <summary>
/// What the server sends matches what the document says, closed objects included: a client validating answers
/// against the document (<c>additionalProperties: false</c>) accepts every one of these and would catch drift.
/// </summary>
public sealed class ResponseSchemaTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    /// <summary>Open on purpose: problem details may carry members an operation names in its description.</summary>
    private static readonly HashSet<string> OpenObjects = ["Problem", "SpaceSettings"];

    private async Task<JsonObject> DocumentAsync() =>
        (await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK)).AsObject();

    [Fact]
    public async Task Every_object_schema_is_closed()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!.AsObject();
        var open = schemas
            .Where(s => s.Value!["properties"] is not null && !OpenObjects.Contains(s.Key))
            .Where(s => s.Value!["additionalProperties"] is not JsonValue closed || (bool)closed)
            .Select(s => s.Key).ToList();
        Assert.True(open.Count == 0, "open objects: " + string.Join(", ", open));
        Assert.Equal("{}", schemas["SpaceSettings"]!["additionalProperties"]!.ToJsonString());
        Assert.Contains("Free-form", (string?)schemas["SpaceSettings"]!["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deal_timeline_matches_the_payload_schema_of_each_kind()
    {
        var schemas = new DocumentSchemas(await DocumentAsync());
        var user = await factory.RegisterAndLoginAsync();
        var organization = await (await user.Client.PostJson("/api/v1/organizations", new { name = "Timeline" })).Expect(HttpStatusCode.Created);
        user.Client.DefaultRequestHeaders.Add("X-Organization-Id", ((long)organization["id"]!).ToString());
        var contact = await (await user.Client.PostJson("/api/v1/contacts", new { name = "Grace" })).Expect(HttpStatusCode.Created);
        var deal = await (await user.Client.PostJson("/api/v1/deals",
            new { contact_id = (long)contact["id"]!, title = "Compiler", amount = 100, currency = "EUR" })).Expect(HttpStatusCode.Created);
        var dealId = (long)deal["id"]!;
        await (await user.Client.PatchJson($"/api/v1/deals/{dealId}", new { status = "in_progress", stage = "proposal" })).Expect(HttpStatusCode.OK);
        var task = await (await user.Client.PostJson("/api/v1/tasks", new { deal_id = dealId, title = "Call" })).Expect(HttpStatusCode.Created);
        await (await user.Client.PatchJson($"/api/v1/tasks/{(long)task["id"]!}", new { is_done = true })).Expect(HttpStatusCode.OK);
        await (await user.Client.PostJson($"/api/v1/deals/{dealId}/activities", new { type = "comment", payload = new { text = "Sounds good" } }))
            .Expect(HttpStatusCode.Created);

        var page = await (await user.Client.GetAsync($"/api/v1/deals/{dealId}/activities")).Expect(HttpStatusCode.OK);
        var kinds = page["items"]!.AsArray().Select(a => (string)a!["type"]!).ToHashSet();
        Assert.Equal(["comment", "stage_changed", "status_changed", "system", "task_created"], kinds.Order(StringComparer.Ordinal));
        Assert.Empty(schemas.Check("ActivityPage", page));
        Assert.Empty(schemas.Check("DealResponse", deal));

        // A payload of the wrong kind is refused by the schema: the check has teeth.
        var wrong = page["items"]![0]!.DeepClone();
        wrong["payload"] = new JsonObject { ["text"] = "x", ["extra"] = 1 };
        Assert.NotEmpty(schemas.Check("ActivityResponse", wrong));
    }

    [Fact]
    public async Task A_space_with_settings_matches_its_schema()
    {
        var schemas = new DocumentSchemas(await DocumentAsync());
        var user = await factory.RegisterAndLoginAsync();
        var space = await (await user.Client.PostJson("/api/v1/organizations",
            new { name = "Settings", settings = new { theme = "dark", limits = new { seats = 5 } } })).Expect(HttpStatusCode.Created);
        Assert.Empty(schemas.Check("SpaceResponse", space));
        var me = await (await user.Client.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        Assert.Empty(schemas.Check("MeResponse", me));
        space["surprise"] = true;
        Assert.NotEmpty(schemas.Check("SpaceResponse", space));
    }
}

/// <summary>Every PATCH says what null means, and the server does what it says.</summary>
public sealed class PatchSemanticsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Every_patch_operation_states_its_null_semantics()
    {
        var document = await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var patches = document["paths"]!.AsObject()
            .Where(p => p.Value!["patch"] is not null)
            .Select(p => (p.Key, Description: (string?)p.Value!["patch"]!["description"] ?? ""))
            .ToList();
        Assert.True(patches.Count >= 13);
        var silent = patches.Where(p => !p.Description.Contains(Atrium.Api.Infrastructure.OpenApi.PatchContract.Lead, StringComparison.Ordinal))
            .Select(p => p.Key).ToList();
        Assert.True(silent.Count == 0, "PATCH without null semantics: " + string.Join(", ", silent));
        var taskPatch = document["components"]!["schemas"]!["PatchTaskRequest"]!["properties"]!;
        Assert.Contains("`null`: cleared", (string?)taskPatch["description"]!["description"], StringComparison.Ordinal);
    }

    /// <summary>As documented for contacts: null keeps, "" clears.</summary>
    [Fact]
    public async Task A_contact_keeps_a_member_sent_as_null_and_clears_one_sent_empty()
    {
        var user = await factory.RegisterAndLoginAsync();
        var organization = await (await user.Client.PostJson("/api/v1/organizations", new { name = "Nulls" })).Expect(HttpStatusCode.Created);
        user.Client.DefaultRequestHeaders.Add("X-Organization-Id", ((long)organization["id"]!).ToString());
        var contact = await (await user.Client.PostJson("/api/v1/contacts", new { name = "Grace", email = "grace@example.com", phone = "+1 555" }))
            .Expect(HttpStatusCode.Created);
        var id = (long)contact["id"]!;
        var kept = await (await user.Client.PatchJson($"/api/v1/contacts/{id}", new { email = (string?)null, name = "Grace H." })).Expect(HttpStatusCode.OK);
        Assert.Equal("grace@example.com", (string?)kept["email"]);
        var cleared = await (await user.Client.PatchJson($"/api/v1/contacts/{id}", new { phone = "" })).Expect(HttpStatusCode.OK);
        Assert.Null((string?)cleared["phone"]);
        Assert.Equal("grace@example.com", (string?)cleared["email"]);
    }
}
