using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Features.Crm;
using Atrium.Api.Features.Crm.Deals.ListDeals;
using Atrium.Api.Features.Crm.Deals.Rules;
using Atrium.Api.Features.Documents.ListDocuments;
using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Features.Identity.External;
using Atrium.Api.Features.Shop.Catalog.BrowseCatalog;
using Atrium.Api.Features.Shop.Ledgers;
using Atrium.Api.Features.Shop.Rules;
using Atrium.Api.Features.Spaces;
using Atrium.Api.Features.Spaces.Invitations;
using Atrium.Api.Features.Spaces.JoinRequests;
using Atrium.Api.Features.Spaces.Rules;
using Atrium.Api.Features.Tracker.Rules;
using Atrium.Api.Infrastructure.Jobs;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Platform;

/// <summary>
/// Every closed set is an <c>enum</c> in the document, and each enum is the very list the server checks against:
/// a generated client offers exactly the values the server takes.
/// </summary>
public sealed class ClosedSetTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    /// <summary>Names that always carry a value from a fixed list, wherever they appear.</summary>
    private static readonly HashSet<string> ClosedNames =
    [
        "status", "stage", "role", "visibility", "kind", "order_by", "order", "sort", "scope", "payment_status", "box",
        "type", "from_status", "to_status", "token_type",
    ];

    /// <summary>Members with such a name whose values are open, each with why.</summary>
    private static readonly Dictionary<string, string> Open = new()
    {
        ["Problem.type"] = "a URI naming the kind of problem",
        ["JobRow.kind"] = "the name of a job handler; new kinds come with new features",
    };

    private async Task<JsonObject> DocumentAsync() =>
        (await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK)).AsObject();

    private static JsonNode Resolve(JsonObject document, JsonNode schema)
    {
        if (schema["$ref"] is { } reference)
            return document["components"]!["schemas"]![((string)reference!).Split('/')[^1]]!;
        if (schema["oneOf"] is JsonArray oneOf && oneOf.FirstOrDefault(s => s!["$ref"] is not null) is { } inner)
            return Resolve(document, inner);
        if (schema["items"] is { } items && schema["enum"] is null)
            return Resolve(document, items);
        return schema;
    }

    private static List<string?>? EnumOf(JsonObject document, JsonNode schema) =>
        (Resolve(document, schema)["enum"] as JsonArray)?.Select(v => v is null ? null : (string?)v).ToList();

    /// <summary>Every (place, schema) of the document: component properties and operation parameters.</summary>
    private static IEnumerable<(string Place, string Name, JsonNode Schema)> Members(JsonObject document)
    {
        foreach (var (schemaName, schema) in document["components"]!["schemas"]!.AsObject())
        foreach (var (name, property) in schema!["properties"]?.AsObject() ?? [])
            yield return ($"{schemaName}.{name}", name, property!);
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        foreach (var parameter in operation!["parameters"]?.AsArray() ?? [])
            if ((string?)parameter!["in"] == "query")
                yield return ($"{method.ToUpperInvariant()} {path} ?{parameter["name"]}", (string)parameter["name"]!, parameter["schema"]!);
    }

    [Fact]
    public async Task No_closed_set_is_a_bare_string()
    {
        var document = await DocumentAsync();
        var bare = Members(document)
            .Where(m => ClosedNames.Contains(m.Name) && !Open.ContainsKey(m.Place))
            .Where(m => Resolve(document, m.Schema)["type"] is { } type && type.ToJsonString().Contains("\"string\"", StringComparison.Ordinal))
            .Where(m => EnumOf(document, m.Schema) is null)
            .Select(m => m.Place)
            .ToList();
        Assert.True(bare.Count == 0, "closed sets without an enum: " + string.Join(", ", bare));
    }

    public static TheoryData<string, string[]> Lists() => new()
    {
        { "DealResponse.status", [.. DealStatuses.All] },
        { "DealResponse.stage", [.. DealStages.Pipeline] },
        { "CreateDealRequest.status", [.. DealStatuses.All] },
        { "UpdateStageRequest.stage", [.. DealStages.Pipeline] },
        { "GET /api/v1/deals ?status", [.. DealStatuses.All] },
        { "GET /api/v1/deals ?stage", [.. DealStages.Pipeline] },
        { "GET /api/v1/deals ?order_by", [.. ListDealsEndpoint.OrderColumns.Keys] },
        { "GET /api/v1/deals ?order", [.. ListDealsEndpoint.Orders] },
        { "ActivityResponse.type", [.. Timeline.Types] },
        { "SpaceResponse.visibility", [.. SpaceFields.Visibilities] },
        { "CreateSpaceRequest.visibility", [.. SpaceFields.Visibilities] },
        { "SpaceResponse.kind", [.. SpaceKinds.Names] },
        { "SpaceResponse.role", [.. Roles.All] },
        { "MemberResponse.role", [.. Roles.All] },
        { "AddMemberRequest.role", [.. RoleRules.Assignable] },
        { "ChangeMemberRoleRequest.role", [.. RoleRules.Assignable] },
        { "GET /api/v1/organizations/{id}/members ?role", [.. Roles.All] },
        { "InvitationResponse.status", [.. InvitationResponse.Statuses] },
        { "JoinRequestResponse.status", [.. JoinRequestResponse.Statuses] },
        { "GET /api/v1/projects/{id}/invitations ?status", [.. InvitationResponse.Statuses] },
        { "GET /api/v1/organizations/{id}/join-requests ?status", [.. JoinRequestResponse.Statuses] },
        { "TaskResponse.status", [.. TaskWorkflow.Names] },
        { "PatchTaskRequest.status", [.. TaskWorkflow.Names] },
        { "GET /api/v1/projects/{id}/tasks ?status", [.. TaskWorkflow.Names] },
        { "DocumentResponse.status", [.. DocumentStatus.All] },
        { "ChangeStatusRequest.status", [.. DocumentStatus.All] },
        { "GET /api/v1/documents ?status", [.. DocumentStatus.All] },
        { "GET /api/v1/documents ?box", [.. ListDocumentsQuery.Boxes] },
        { "PaymentDetails.status", [.. PaymentStatuses.All] },
        { "UpdateOrderRequest.payment_status", [.. PaymentStatuses.All] },
        { "GET /api/v1/orders ?payment_status", [.. PaymentStatuses.All] },
        { "GET /api/v1/donations ?scope", [.. LedgerValidation.Scopes] },
        { "GET /api/v1/shop/projects ?sort", [.. BrowseCatalogEndpoint.Sorts.Keys] },
        { "GET /api/v1/jobs ?status", [.. JobStatuses.Listed] },
        { "JobRow.status", [.. JobStatuses.All] },
        { "ProviderResponse.kind", [.. ProviderKinds.Names] },
        { "CreateActivityRequest.type", [.. Timeline.ClientTypes] },
        { "TokenResponse.token_type", ["bearer"] },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Each_enum_is_the_list_the_server_checks(string place, string[] expected)
    {
        var document = await DocumentAsync();
        var member = Members(document).Single(m => m.Place == place);
        var values = EnumOf(document, member.Schema);
        Assert.NotNull(values);
        Assert.Equal(expected, values.Where(v => v is not null).Cast<string>().ToArray());
    }

    /// <summary>The enum is what the server takes: a value off the list is refused with 400.</summary>
    [Fact]
    public async Task A_value_off_the_list_is_refused()
    {
        var user = await factory.RegisterAndLoginAsync();
        var organization = await user.Client.PostJson("/api/v1/organizations", new { name = "Closed sets", visibility = "secret" });
        await organization.ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
    }
}
