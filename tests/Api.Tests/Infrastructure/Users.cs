using System.Net;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>A registered, logged-in person and a client that speaks as them.</summary>
public sealed record TestUser(long Id, string Email, string Password, string AccessToken, string RefreshToken, string SessionId, HttpClient Client);

public static class Users
{
    public const string DefaultPassword = "correct horse battery";

    public static async Task<TestUser> RegisterAndLoginAsync(this AtriumFactory factory, string? name = null, string? email = null, string? username = null)
    {
        email ??= $"{(name ?? "user").ToLowerInvariant().Replace(' ', '.')}.{Guid.NewGuid():N}@example.com";
        var anonymous = factory.Anonymous();
        var registered = await (await anonymous.PostJson("/api/v1/auth/register",
            new { email, password = DefaultPassword, name = name ?? "Test User", username })).Expect(HttpStatusCode.Created);
        var tokens = await (await anonymous.PostJson("/api/v1/auth/login", new { email, password = DefaultPassword })).Expect(HttpStatusCode.OK);
        var access = (string)tokens["access_token"]!;
        return new TestUser((long)registered["id"]!, email, DefaultPassword, access, (string)tokens["refresh_token"]!,
            (string)tokens["session_id"]!, factory.Anonymous().WithBearer(access));
    }

    public static async Task<TestUser> LoginAgainAsync(this AtriumFactory factory, TestUser user)
    {
        var tokens = await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = user.Email, password = user.Password }))
            .Expect(HttpStatusCode.OK);
        var access = (string)tokens["access_token"]!;
        return user with
        {
            AccessToken = access,
            RefreshToken = (string)tokens["refresh_token"]!,
            SessionId = (string)tokens["session_id"]!,
            Client = factory.Anonymous().WithBearer(access),
        };
    }

    /// <summary>Marks the user's address confirmed, as reading the mailed code would (for tests about something else).</summary>
    public static async Task<TestUser> ConfirmedAsync(this AtriumFactory factory, TestUser user)
    {
        await using var db = await factory.OpenDatabaseAsync();
        await Dapper.SqlMapper.ExecuteAsync(db, "update users set email_confirmed_at = now() where id = @Id", new { user.Id });
        return user;
    }
}
