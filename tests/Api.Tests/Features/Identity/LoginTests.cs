using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Atrium.Api.Features.Identity.Login;
using Dapper;

namespace Atrium.Api.Tests.Features.Identity;

public sealed class LoginTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private readonly HttpClient _client = factory.Anonymous();

    [Fact]
    public async Task Login_by_email_returns_a_token_pair_that_opens_me()
    {
        var user = await factory.RegisterAndLoginAsync("Carol");
        var tokens = await (await _client.PostJson("/api/v1/auth/login", new { email = user.Email.ToUpperInvariant(), password = user.Password }))
            .Expect(HttpStatusCode.OK);

        Assert.Equal("bearer", (string?)tokens["token_type"]);
        Assert.InRange((int)tokens["expires_in"]!, 890, 900);
        var me = await (await factory.Anonymous().WithBearer((string)tokens["access_token"]!).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        Assert.Equal(user.Id, (long)me["id"]!);
    }

    [Fact]
    public async Task Login_by_username_works_without_regard_to_case()
    {
        var username = "Dave" + Guid.NewGuid().ToString("N")[..6];
        var user = await factory.RegisterAndLoginAsync("Dave", username: username);
        var tokens = await (await _client.PostJson("/api/v1/auth/login", new { username = username.ToUpperInvariant(), password = user.Password }))
            .Expect(HttpStatusCode.OK);
        Assert.NotNull(tokens["refresh_token"]);
    }

    [Theory]
    [InlineData(nameof(LoginEndpoint.FindAccountByEmail), "users_email_key")]
    [InlineData(nameof(LoginEndpoint.FindAccountByUsername), "users_username_key")]
    public async Task The_account_lookup_reads_one_index_entry_even_in_the_generic_plan_of_a_prepared_statement(string statement, string index)
    {
        // Npgsql prepares statements used often (Database:MaxAutoPrepare); after five runs PostgreSQL may keep a plan
        // made without the parameter's value. With the sequential scan taken off the table, a statement whose generic
        // plan cannot use the index still shows one (an OR of "@x is not null and …" did, at 40-90 ms a login at 100k users).
        var sql = (string)typeof(LoginEndpoint).GetField(statement)!.GetValue(null)!;
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("set plan_cache_mode = force_generic_plan; set enable_seqscan = off; "
            + $"prepare lookup(text) as {sql.Replace("@name", "$1")}");
        var plan = string.Join("\n", await db.QueryAsync<string>("explain execute lookup('someone@example.com')"));
        Assert.DoesNotContain("Seq Scan on users", plan);
        Assert.Contains(index, plan);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_account_get_the_same_401()
    {
        var user = await factory.RegisterAndLoginAsync("Erin");
        var wrong = await (await _client.PostJson("/api/v1/auth/login", new { email = user.Email, password = "wrong password" }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        var unknown = await (await _client.PostJson("/api/v1/auth/login", new { email = $"nobody.{Guid.NewGuid():N}@example.com", password = "wrong password" }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal((string?)wrong["detail"], (string?)unknown["detail"]);
    }

    [Fact]
    public async Task Both_or_neither_of_email_and_username_is_400()
    {
        await (await _client.PostJson("/api/v1/auth/login", new { password = "whatever1" })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await _client.PostJson("/api/v1/auth/login", new { email = "a@b.co", username = "abc", password = "whatever1" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_hash_of_a_lower_cost_is_upgraded_on_login()
    {
        var user = await factory.RegisterAndLoginAsync("Frank");
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("update users set password_hash = @hash where id = @id",
            new { hash = BCrypt.Net.BCrypt.HashPassword(user.Password, 4), id = user.Id });

        await (await _client.PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password })).Expect(HttpStatusCode.OK);

        var hash = await db.QuerySingleAsync<string>("select password_hash from users where id = @id", new { id = user.Id });
        Assert.Equal(5, Atrium.Api.Infrastructure.Auth.PasswordHasher.CostOf(hash));
        Assert.True(BCrypt.Net.BCrypt.Verify(user.Password, hash));
    }

    [Fact]
    public async Task An_account_without_a_password_cannot_log_in()
    {
        var user = await factory.RegisterAndLoginAsync("Gina");
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("update users set password_hash = null where id = @id", new { id = user.Id });
        await (await _client.PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Theory]
    [InlineData("{\"email\": [], \"password\": \"x\"}")]
    [InlineData("{\"password\": 123456789}")]
    [InlineData("{{{{")]
    [InlineData("{\"email\": \"a@b.co\"}")]
    public async Task Junk_login_bodies_are_400_never_500(string body)
    {
        await (await _client.SendRaw(HttpMethod.Post, "/api/v1/auth/login", body)).ExpectProblem(HttpStatusCode.BadRequest);
    }
}
