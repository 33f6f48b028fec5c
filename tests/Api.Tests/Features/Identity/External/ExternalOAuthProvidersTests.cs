using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Identity.External;

/// <summary>
/// <see cref="ExternalFactory"/> plus providers <c>gh</c> (kind GitHub) and <c>ya</c> (kind Yandex) whose endpoints
/// settings point at a real HTTP server of the test process (<see cref="TestOAuthServer"/>).
/// </summary>
public sealed class OAuthProvidersFactory : ExternalFactory
{
    public TestOAuthServer OAuth { get; } = new();

    protected override async Task StartPrivateServersAsync()
    {
        await base.StartPrivateServersAsync();
        await OAuth.StartAsync();
    }

    protected override async Task StopPrivateServersAsync()
    {
        await base.StopPrivateServersAsync();
        await OAuth.DisposeAsync();
    }

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        OAuth.Configure(settings, "gh", "GitHub");
        OAuth.Configure(settings, "ya", "Yandex");
        return settings;
    }
}

/// <summary>The redirect dance over HTTP with GitHub's and Yandex's OAuth 2.0 endpoints played by <see cref="TestOAuthServer"/>.</summary>
public sealed class ExternalOAuthProvidersTests(OAuthProvidersFactory factory) : IClassFixture<OAuthProvidersFactory>
{
    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@example.com";

    private static string NewId() => Random.Shared.NextInt64(1, long.MaxValue / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<TestUser> ConfirmedUserAsync(string name)
    {
        var user = await factory.RegisterAndLoginAsync(name);
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("update users set email_confirmed_at = now() where id = @Id", new { user.Id });
        return user;
    }

    private async Task<JsonNode> MeAsync(JsonNode tokens) =>
        await (await factory.Anonymous().WithBearer((string)tokens["access_token"]!).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);

    [Theory]
    [InlineData("gh")]
    [InlineData("ya")]
    public async Task Start_sends_the_browser_to_the_configured_authorization_endpoint_with_pkce_and_state(string provider)
    {
        using var browser = factory.NewBrowser();
        var authorize = new Uri(Browser.LocationOf(await browser.GetAsync($"/api/v1/auth/external/{provider}/start")));
        Assert.Equal(factory.OAuth.BaseAddress.Authority, authorize.Authority);
        Assert.Equal(provider == "gh" ? "/github/login/oauth/authorize" : "/yandex/authorize", authorize.AbsolutePath);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal(TestOAuthServer.ClientId, query["client_id"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.Equal($"http://localhost/api/v1/auth/external/{provider}/callback", query["redirect_uri"].ToString());
    }

    [Fact]
    public async Task GitHub_first_sign_in_with_a_verified_primary_address_makes_a_confirmed_account()
    {
        var email = NewEmail("octo");
        var id = NewId();
        factory.OAuth.Next = new NextOAuthSignIn(id, email, Verified: true, "Octo Cat");
        using var browser = factory.NewBrowser();
        var me = await MeAsync(await browser.SignInForTokensAsync("gh"));
        Assert.Equal(email, (string?)me["email"]);
        Assert.NotNull(me["email_confirmed_at"]);
        Assert.Equal("Octo Cat", (string?)me["name"]);

        await using var db = await factory.OpenDatabaseAsync();
        var identity = await db.QuerySingleAsync<(string Subject, bool Verified)>(
            "select subject, email_verified from user_identities where user_id = @id and provider = 'gh'", new { id = (long)me["id"]! });
        Assert.Equal((id, true), identity);

        // The next sign-in finds the same account.
        using var again = factory.NewBrowser();
        Assert.Equal((long)me["id"]!, (long)(await MeAsync(await again.SignInForTokensAsync("gh")))["id"]!);
    }

    [Fact]
    public async Task GitHub_verified_primary_address_links_to_the_confirmed_account_that_has_it()
    {
        var user = await ConfirmedUserAsync("Has GitHub");
        factory.OAuth.Next = new NextOAuthSignIn(NewId(), user.Email, Verified: true, "Has GitHub");
        using var browser = factory.NewBrowser();
        Assert.Equal(user.Id, (long)(await MeAsync(await browser.SignInForTokensAsync("gh")))["id"]!);
    }

    [Fact]
    public async Task GitHub_unverified_primary_address_does_not_link_and_makes_only_an_unconfirmed_account()
    {
        var user = await ConfirmedUserAsync("Unverified GitHub");
        factory.OAuth.Next = new NextOAuthSignIn(NewId(), user.Email, Verified: false);
        using var browser = factory.NewBrowser();
        await (await browser.GetAsync(await browser.ToCallbackAsync("/api/v1/auth/external/gh/start")))
            .ExpectProblem(HttpStatusCode.Conflict, "email_in_use");

        var fresh = NewEmail("unverified-octo");
        factory.OAuth.Next = new NextOAuthSignIn(NewId(), fresh, Verified: false);
        using var second = factory.NewBrowser();
        var me = await MeAsync(await second.SignInForTokensAsync("gh"));
        Assert.Equal(fresh, (string?)me["email"]);
        Assert.Null(me["email_confirmed_at"]);

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from user_identities where user_id = @Id", new { user.Id }));
    }

    [Fact]
    public async Task Yandex_first_sign_in_makes_an_account_whose_address_stays_unconfirmed()
    {
        var email = NewEmail("yandex");
        factory.OAuth.Next = new NextOAuthSignIn(NewId(), email, Verified: true, "Ivan Yandex");
        using var browser = factory.NewBrowser();
        var me = await MeAsync(await browser.SignInForTokensAsync("ya"));
        Assert.Equal(email, (string?)me["email"]);
        Assert.Equal("Ivan Yandex", (string?)me["name"]);
        // Yandex does not say it verified the address, so Atrium does not take it as confirmed.
        Assert.Null(me["email_confirmed_at"]);
    }

    [Fact]
    public async Task Yandex_address_never_links_to_an_existing_account()
    {
        var user = await ConfirmedUserAsync("Has Yandex");
        factory.OAuth.Next = new NextOAuthSignIn(NewId(), user.Email, Verified: true);
        using var browser = factory.NewBrowser();
        await (await browser.GetAsync(await browser.ToCallbackAsync("/api/v1/auth/external/ya/start")))
            .ExpectProblem(HttpStatusCode.Conflict, "email_in_use");
    }

    [Theory]
    [InlineData("gh")]
    [InlineData("ya")]
    public async Task A_wrong_state_is_refused_and_makes_no_account(string provider)
    {
        var email = NewEmail("state-" + provider);
        factory.OAuth.Next = new NextOAuthSignIn(NewId(), email, Verified: true);
        using var browser = factory.NewBrowser();
        var callback = await browser.ToCallbackAsync($"/api/v1/auth/external/{provider}/start");
        await (await browser.GetAsync(Browser.Replace(callback, "state", "forged-state-value")))
            .ExpectProblem(HttpStatusCode.BadRequest, "external_callback_invalid");
        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from users where lower(email) = lower(@email)", new { email }));
    }

    [Fact]
    public async Task A_code_for_another_pkce_verifier_is_refused_by_the_token_endpoint()
    {
        // Two dances started; the second browser brings back the first one's code: its verifier does not match that code's challenge.
        factory.OAuth.Next = new NextOAuthSignIn(NewId(), NewEmail("pkce"), Verified: true);
        using var first = factory.NewBrowser();
        var firstCallback = await first.ToCallbackAsync("/api/v1/auth/external/gh/start");
        using var second = factory.NewBrowser();
        var secondCallback = await second.ToCallbackAsync("/api/v1/auth/external/gh/start");
        var stolenCode = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(firstCallback).Query)["code"].ToString();
        var refusalsBefore = factory.OAuth.Refusals.Count;
        var answer = await second.GetAsync(Browser.Replace(secondCallback, "code", stolenCode));
        Assert.True(answer.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.BadGateway, $"got {(int)answer.StatusCode}");
        await answer.ExpectProblem(answer.StatusCode);
        Assert.True(factory.OAuth.Refusals.Count > refusalsBefore);
    }

    [Fact]
    public async Task An_error_from_github_is_a_problem_with_its_code()
    {
        factory.OAuth.Next = new NextOAuthSignIn(NewId(), NewEmail("denied"), Verified: true, Error: "access_denied");
        using var browser = factory.NewBrowser();
        var callback = await browser.ToCallbackAsync("/api/v1/auth/external/gh/start");
        await (await browser.GetAsync(callback)).ExpectProblem(HttpStatusCode.BadRequest, "external_provider_error");
    }
}
