using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm;

/// <summary>An organization for CRM tests: its id and its owner, whose client sends X-Organization-Id.</summary>
public sealed record CrmOrganization(long Id, TestUser Owner);

/// <summary>
/// Arranges CRM worlds: organizations made by sign-up with <c>organization_name</c>, members added
/// directly in SQL, and the contacts and deals most tests start from.
/// </summary>
public static class CrmWorld
{
    public const string Header = "X-Organization-Id";

    /// <summary>Signs up a person with <c>organization_name</c> and logs them in; their client speaks in that organization.</summary>
    public static async Task<CrmOrganization> NewOrganizationAsync(this AtriumFactory factory, string name = "Acme Inc", string ownerName = "Olga Owner")
    {
        var email = $"owner.{Guid.NewGuid():N}@example.com";
        var anonymous = factory.Anonymous();
        var registered = await (await anonymous.PostJson("/api/v1/auth/register",
            new { email, password = Users.DefaultPassword, name = ownerName, organization_name = name })).Expect(HttpStatusCode.Created);
        var tokens = await (await anonymous.PostJson("/api/v1/auth/login", new { email, password = Users.DefaultPassword })).Expect(HttpStatusCode.OK);
        var access = (string)tokens["access_token"]!;
        var organizationId = (long)registered["organization"]!["id"]!;
        var owner = new TestUser((long)registered["id"]!, email, Users.DefaultPassword, access, (string)tokens["refresh_token"]!,
            (string)tokens["session_id"]!, factory.Anonymous().WithBearer(access).WithHeader(Header, organizationId.ToString()));
        return new CrmOrganization(organizationId, owner);
    }

    /// <summary>A new person who is a member of <paramref name="organization"/> with <paramref name="role"/> (inserted in SQL).</summary>
    public static async Task<TestUser> AddMemberAsync(this AtriumFactory factory, CrmOrganization organization, string role, string? name = null)
    {
        var user = await factory.RegisterAndLoginAsync(name ?? $"{role} person");
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("insert into memberships (space_id, user_id, role) values (@space, @user, @role)",
            new { space = organization.Id, user = user.Id, role });
        user.Client.WithHeader(Header, organization.Id.ToString());
        return user;
    }

    public static async Task<long> CreateContactAsync(this HttpClient client, string name = "John Doe", string? email = null)
    {
        var contact = await (await client.PostJson("/api/v1/contacts",
            new { name, email = email ?? $"{Guid.NewGuid():N}@example.com", phone = "+123456789" })).Expect(HttpStatusCode.Created);
        return (long)contact["id"]!;
    }

    public static async Task<JsonNode> CreateDealAsync(this HttpClient client, long contactId, decimal amount = 10000m,
        string title = "Website redesign", string currency = "EUR") =>
        await (await client.PostJson("/api/v1/deals", new { contact_id = contactId, title, amount, currency })).Expect(HttpStatusCode.Created);

    public static async Task<long> CreateDealIdAsync(this HttpClient client, long contactId, decimal amount = 10000m) =>
        (long)(await client.CreateDealAsync(contactId, amount))["id"]!;

    /// <summary>The ids of a page's items, in order.</summary>
    public static long[] IdsOf(JsonNode page) => page["items"]!.AsArray().Select(i => (long)i!["id"]!).ToArray();

    /// <summary>A date <paramref name="fromToday"/> days from today (UTC), as the API writes it.</summary>
    public static string Day(int fromToday) => DateTime.UtcNow.Date.AddDays(fromToday).ToString("yyyy-MM-dd");

    /// <summary>Six deals across statuses and stages, one rolled back, one created long ago (the analytics snapshots).</summary>
    public static async Task<CrmOrganization> ArrangeAnalyticsAsync(this AtriumFactory factory)
    {
        var org = await factory.NewOrganizationAsync();
        var client = org.Owner.Client;
        var contact = await client.CreateContactAsync();
        var a = await client.CreateDealIdAsync(contact, 1000m);
        var b = await client.CreateDealIdAsync(contact, 3000m);
        var c = await client.CreateDealIdAsync(contact, 500m);
        var d = await client.CreateDealIdAsync(contact, 200m);
        await client.CreateDealIdAsync(contact, 0m);
        var old = await client.CreateDealIdAsync(contact, 50m);
        await (await client.PatchJson($"/api/v1/deals/{a}", new { status = "won", stage = "closed" })).Expect(HttpStatusCode.OK);
        await (await client.PatchJson($"/api/v1/deals/{b}", new { status = "won", stage = "closed" })).Expect(HttpStatusCode.OK);
        await (await client.PatchJson($"/api/v1/deals/{c}", new { status = "in_progress", stage = "negotiation" })).Expect(HttpStatusCode.OK);
        await (await client.PatchJson($"/api/v1/deals/{c}", new { stage = "proposal" })).Expect(HttpStatusCode.OK);
        await (await client.PatchJson($"/api/v1/deals/{d}", new { status = "lost", stage = "proposal" })).Expect(HttpStatusCode.OK);
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("update crm_deals set created_at = now() - interval '90 days' where id = @old", new { old });
        return org;
    }

    /// <summary>A JSON node written indented, for snapshots.</summary>
    public static string Pretty(JsonNode node) => node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
}
