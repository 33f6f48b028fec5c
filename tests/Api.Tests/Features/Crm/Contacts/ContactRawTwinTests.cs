using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Contacts;

/// <summary>The service with <c>Benchmarks:RawTwins</c> on: the raw-Npgsql twins of the contact reads are mapped.</summary>
public sealed class RawTwinsFactory : AtriumFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Benchmarks:RawTwins"] = "true";
        return settings;
    }
}

/// <summary>
/// The raw twins answer exactly what the Dapper endpoints answer (status, bytes, entity tag) for the same request,
/// and stay out of the OpenAPI document.
/// </summary>
public sealed class ContactRawTwinTests(RawTwinsFactory factory) : IClassFixture<RawTwinsFactory>
{
    private const string Twin = "/api/v1/bench/raw";

    /// <summary>The same request to the endpoint and to its twin; the answers must be the same, byte for byte.</summary>
    private static async Task<HttpResponseMessage> SameAnswerAsync(HttpClient client, string pathAndQuery, string? ifNoneMatch = null)
    {
        async Task<HttpResponseMessage> Send(string url)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (ifNoneMatch is not null)
                request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            return await client.SendAsync(request);
        }
        var dapper = await Send("/api/v1" + pathAndQuery);
        var raw = await Send(Twin + pathAndQuery);
        Assert.Equal(dapper.StatusCode, raw.StatusCode);
        Assert.Equal(dapper.Headers.ETag?.ToString(), raw.Headers.ETag?.ToString());
        Assert.Equal(dapper.Content.Headers.ContentType?.ToString(), raw.Content.Headers.ContentType?.ToString());
        var (dapperBody, rawBody) = (await dapper.Content.ReadAsByteArrayAsync(), await raw.Content.ReadAsByteArrayAsync());
        if (dapper.Content.Headers.ContentType?.MediaType == "application/problem+json")
            (dapperBody, rawBody) = (WithoutRequestFields(dapperBody), WithoutRequestFields(rawBody));
        Assert.Equal(dapperBody, rawBody);
        return dapper;
    }

    /// <summary>A problem without what names the request itself (its trace id, its path).</summary>
    private static byte[] WithoutRequestFields(byte[] problem)
    {
        var node = JsonNode.Parse(problem)!.AsObject();
        Assert.False(string.IsNullOrEmpty((string?)node["trace_id"]));
        node.Remove("trace_id");
        node.Remove("instance");
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    [Fact]
    public async Task A_contact_is_the_same_bytes_on_both_and_so_are_304_and_404()
    {
        var org = await factory.NewOrganizationAsync();
        var client = org.Owner.Client;
        var full = await client.CreateContactAsync("Zoë \"Quoted\" Hart", "zoe@example.com");
        var bare = (long)(await (await client.PostJson("/api/v1/contacts", new { name = "No Details" })).Expect(HttpStatusCode.Created))["id"]!;
        await (await client.PatchJson($"/api/v1/contacts/{full}", new { name = "Zoë Hart <ceo>" })).Expect(HttpStatusCode.OK);

        var answer = await SameAnswerAsync(client, $"/contacts/{full}");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("Zoë Hart <ceo>", (string?)(await answer.ReadNode())["name"]);
        var withNulls = await SameAnswerAsync(client, $"/contacts/{bare}");
        Assert.Null((await withNulls.ReadNode())["email"]);

        var notModified = await SameAnswerAsync(client, $"/contacts/{full}", answer.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        await SameAnswerAsync(client, $"/contacts/{full}", "junk");

        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("delete from crm_contacts where id = @bare", new { bare });
        await (await SameAnswerAsync(client, $"/contacts/{bare}")).ExpectProblem(HttpStatusCode.NotFound, "contact_not_found");
        var theirs = await (await factory.NewOrganizationAsync("Theirs")).Owner.Client.CreateContactAsync();
        await (await SameAnswerAsync(client, $"/contacts/{theirs}")).ExpectProblem(HttpStatusCode.NotFound, "contact_not_found");
    }

    [Fact]
    public async Task A_list_page_is_the_same_bytes_on_both_with_every_filter()
    {
        var org = await factory.NewOrganizationAsync();
        var member = await factory.AddMemberAsync(org, "member");
        for (var i = 0; i < 7; i++)
            await org.Owner.Client.CreateContactAsync($"Person {i}", $"p{i}@corp.example");
        await member.Client.CreateContactAsync("Member's own");

        var page = await SameAnswerAsync(org.Owner.Client, "/contacts?page_size=50");
        Assert.Equal(8, (await page.ReadNode())["items"]!.AsArray().Count);
        Assert.Equal(3, (await (await SameAnswerAsync(org.Owner.Client, "/contacts?page=2&page_size=3")).ReadNode())["items"]!.AsArray().Count);
        Assert.Equal(7, (long)(await (await SameAnswerAsync(org.Owner.Client, "/contacts?search=PERSON")).ReadNode())["total"]!);
        Assert.Equal(1, (long)(await (await SameAnswerAsync(member.Client, $"/contacts?owner_id={member.Id}")).ReadNode())["total"]!);
        Assert.Empty((await (await SameAnswerAsync(org.Owner.Client, "/contacts?page=1000")).ReadNode())["items"]!.AsArray());

        await (await SameAnswerAsync(member.Client, $"/contacts?owner_id={org.Owner.Id}")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await SameAnswerAsync(org.Owner.Client, "/contacts?page_size=101")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await SameAnswerAsync(org.Owner.Client, "/contacts?search=" + new string('x', 201))).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_non_member_is_404_on_both_and_a_missing_header_400()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await org.Owner.Client.CreateContactAsync();
        var stranger = await factory.RegisterAndLoginAsync("Stranger");
        stranger.Client.WithHeader(CrmWorld.Header, org.Id.ToString());

        await (await SameAnswerAsync(stranger.Client, $"/contacts/{contact}")).ExpectProblem(HttpStatusCode.NotFound, "organization_not_found");
        await (await SameAnswerAsync(stranger.Client, "/contacts?page_size=50")).ExpectProblem(HttpStatusCode.NotFound, "organization_not_found");
        var headerless = factory.Anonymous().WithBearer(org.Owner.AccessToken);
        await (await SameAnswerAsync(headerless, $"/contacts/{contact}")).ExpectProblem(HttpStatusCode.BadRequest, "organization_header_missing");
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Anonymous().GetAsync($"{Twin}/contacts/{contact}")).StatusCode);
    }

    [Fact]
    public async Task The_twins_are_not_in_the_openapi_document_even_when_mapped()
    {
        var document = await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/contacts/{id}", paths);
        Assert.DoesNotContain(paths, p => p.Contains("/bench/", StringComparison.Ordinal));
    }
}

/// <summary>By default (<c>Benchmarks:RawTwins</c> off) the twin routes do not exist.</summary>
public sealed class ContactRawTwinOffTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Without_the_setting_the_twin_routes_are_404_and_absent_from_the_openapi_document()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await org.Owner.Client.CreateContactAsync();
        await (await org.Owner.Client.GetAsync($"/api/v1/contacts/{contact}")).Expect(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await org.Owner.Client.GetAsync($"/api/v1/bench/raw/contacts/{contact}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await org.Owner.Client.GetAsync("/api/v1/bench/raw/contacts?page_size=50")).StatusCode);

        var document = await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(document["paths"]!.AsObject(), p => p.Key.Contains("/bench/", StringComparison.Ordinal));
    }
}
