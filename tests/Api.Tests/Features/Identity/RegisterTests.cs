using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class RegisterTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private readonly HttpClient _client = factory.Anonymous();

    [Fact]
    public async Task Register_returns_201_with_the_user_and_stores_a_bcrypt_hash()
    {
        var email = $"Ann.{Guid.NewGuid():N}@Example.com";
        var user = await (await _client.PostJson("/api/v1/auth/register",
            new { email, password = "long enough pw", name = "Ann Smith", username = "ann_" + Guid.NewGuid().ToString("N")[..8] }))
            .Expect(HttpStatusCode.Created);

        Assert.Equal(email, (string?)user["email"]);
        Assert.Equal("Ann Smith", (string?)user["name"]);
        Assert.False((bool)user["is_staff"]!);
        Assert.Null(user["password_hash"]);

        await using var db = await factory.OpenDatabaseAsync();
        var hash = await db.QuerySingleAsync<string>("select password_hash from users where id = @id", new { id = (long)user["id"]! });
        Assert.StartsWith("$2", hash);
        Assert.Equal(5, Atrium.Api.Infrastructure.Auth.PasswordHasher.CostOf(hash));
    }

    [Fact]
    public async Task Email_is_unique_without_regard_to_case()
    {
        var email = $"dup.{Guid.NewGuid():N}@example.com";
        await (await _client.PostJson("/api/v1/auth/register", new { email, password = "password-1" })).Expect(HttpStatusCode.Created);
        await (await _client.PostJson("/api/v1/auth/register", new { email = email.ToUpperInvariant(), password = "password-1" }))
            .ExpectProblem(HttpStatusCode.Conflict, "email_taken");
    }

    [Fact]
    public async Task Username_is_unique_without_regard_to_case()
    {
        var username = "Bob" + Guid.NewGuid().ToString("N")[..8];
        await (await _client.PostJson("/api/v1/auth/register", new { email = $"b1.{Guid.NewGuid():N}@example.com", password = "password-1", username }))
            .Expect(HttpStatusCode.Created);
        await (await _client.PostJson("/api/v1/auth/register", new { email = $"b2.{Guid.NewGuid():N}@example.com", password = "password-1", username = username.ToLowerInvariant() }))
            .ExpectProblem(HttpStatusCode.Conflict, "username_taken");
    }

    [Fact]
    public async Task Invalid_fields_are_400_with_errors_per_field()
    {
        var problem = await (await _client.PostJson("/api/v1/auth/register", new { email = "not-an-email", password = "short", username = "a b" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotNull(problem["errors"]!["email"]);
        Assert.NotNull(problem["errors"]!["password"]);
        Assert.NotNull(problem["errors"]!["username"]);
    }

    [Fact]
    public async Task A_password_over_72_utf8_bytes_is_refused_not_truncated()
    {
        // 40 characters, 80 bytes: BCrypt would silently read only the first 72.
        var password = new string('é', 40);
        var problem = await (await _client.PostJson("/api/v1/auth/register", new { email = $"long.{Guid.NewGuid():N}@example.com", password }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("72", problem["errors"]!["password"]![0]!.ToString());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"text\"")]
    [InlineData("{\"email\": 12, \"password\": \"password-1\"}")]
    [InlineData("{\"email\": {\"a\": 1}, \"password\": [1,2]}")]
    [InlineData("{\"email\": \"a@b.co\", \"password\": \"password-1\", \"name\": true}")]
    [InlineData("{\"email\": null, \"password\": null}")]
    [InlineData("")]
    public async Task Junk_bodies_are_400_problems_never_500(string body)
    {
        var response = await _client.SendRaw(HttpMethod.Post, "/api/v1/auth/register", body);
        await response.ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Wrong_content_type_is_415_problem()
    {
        var response = await _client.SendRaw(HttpMethod.Post, "/api/v1/auth/register", "email=a@b.co", "application/x-www-form-urlencoded");
        await response.ExpectProblem(HttpStatusCode.UnsupportedMediaType);
    }
}

public sealed class NulCharacterTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Theory]
    [InlineData("{\"email\": \"nul.CASE@example.com\", \"password\": \"password-1\", \"name\": \"a\\u0000b\"}")]
    [InlineData("{\"email\": \"nul.CASE@example.com\", \"password\": \"password-1\", \"username\": \"ab\\u0000c\"}")]
    public async Task Text_the_database_cannot_store_is_400_not_500(string body)
    {
        var response = await factory.Anonymous().SendRaw(HttpMethod.Post, "/api/v1/auth/register", body.Replace("CASE", Guid.NewGuid().ToString("N")));
        await response.ExpectProblem(System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_nul_in_a_profile_field_is_400()
    {
        var user = await factory.RegisterAndLoginAsync("Nul");
        await (await user.Client.SendRaw(HttpMethod.Patch, "/api/v1/me", "{\"position\": \"x\\u0000y\"}"))
            .ExpectProblem(System.Net.HttpStatusCode.BadRequest, "invalid_text");
    }
}
