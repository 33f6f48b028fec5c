using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class RegisterWithOrganizationTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private readonly HttpClient _client = factory.Anonymous();

    [Fact]
    public async Task Organization_name_creates_the_organization_with_the_new_user_as_owner_and_an_audit_event()
    {
        var email = $"alice.{Guid.NewGuid():N}@example.com";
        var body = await (await _client.PostJson("/api/v1/auth/register",
            new { email, password = "StrongPassword123", name = "Alice Owner", organization_name = "  Acme Inc " })).Expect(HttpStatusCode.Created);

        var userId = (long)body["id"]!;
        var organizationId = (long)body["organization"]!["id"]!;
        Assert.Equal("Acme Inc", (string?)body["organization"]!["name"]);

        await using var db = await factory.OpenDatabaseAsync();
        var space = await db.QuerySingleAsync<(string Kind, string Name, long OwnerId)>(
            "select kind, name, owner_id from spaces where id = @organizationId", new { organizationId });
        Assert.Equal(("organization", "Acme Inc", userId), space);
        Assert.Equal("owner", await db.QuerySingleAsync<string>(
            "select role from memberships where space_id = @organizationId and user_id = @userId", new { organizationId, userId }));
        var audit = await db.QuerySingleAsync<(long? ActorId, string EntityType, string After)>(
            "select actor_id, entity_type, after::text from audit_events where space_id = @organizationId and action = 'space.created'",
            new { organizationId });
        Assert.Equal(userId, audit.ActorId);
        Assert.Equal("space", audit.EntityType);
        Assert.Contains("\"name\": \"Acme Inc\"", audit.After);
    }

    [Fact]
    public async Task Without_organization_name_the_answer_carries_a_null_organization_and_no_space_is_made()
    {
        var body = await (await _client.PostJson("/api/v1/auth/register",
            new { email = $"solo.{Guid.NewGuid():N}@example.com", password = "StrongPassword123" })).Expect(HttpStatusCode.Created);

        Assert.True(body.AsObject().ContainsKey("organization"));
        Assert.Null(body["organization"]);
        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from spaces where owner_id = @id", new { id = (long)body["id"]! }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_organization_name_is_400(string name)
    {
        var problem = await (await _client.PostJson("/api/v1/auth/register",
            new { email = $"blank.{Guid.NewGuid():N}@example.com", password = "StrongPassword123", organization_name = name }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotNull(problem["errors"]!["organization_name"]);
    }

    [Fact]
    public async Task A_refused_sign_up_leaves_no_organization_behind()
    {
        var email = $"twice.{Guid.NewGuid():N}@example.com";
        await (await _client.PostJson("/api/v1/auth/register", new { email, password = "StrongPassword123" })).Expect(HttpStatusCode.Created);
        var name = "Ghost " + Guid.NewGuid().ToString("N");
        await (await _client.PostJson("/api/v1/auth/register", new { email, password = "StrongPassword123", organization_name = name }))
            .ExpectProblem(HttpStatusCode.Conflict, "email_taken");

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from spaces where name = @name", new { name }));
    }
}
