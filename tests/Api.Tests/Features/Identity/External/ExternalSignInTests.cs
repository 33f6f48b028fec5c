using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Identity.External;

/// <summary>The whole redirect dance over HTTP against a real OpenID Connect server (<see cref="TestOidcServer"/>).</summary>
public sealed class ExternalSignInTests(ExternalFactory factory) : IClassFixture<ExternalFactory>
{
    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@example.com";

    private void Next(string? email, bool verified, string? subject = null, string? error = null) =>
        factory.Idp.Next = new NextSignIn(subject ?? Guid.NewGuid().ToString("N"), email, verified, "Outside Person", error);

    [Fact]
    public async Task Start_redirects_to_the_provider_with_pkce_state_and_nonce()
    {
        using var browser = factory.NewBrowser();
        var authorize = new Uri(Browser.LocationOf(await browser.GetAsync("/api/v1/auth/external/idp/start")));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);

        Assert.Equal(factory.Idp.Issuer.Authority, authorize.Authority);
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        Assert.Contains("email", query["scope"].ToString().Split(' '));
        Assert.Contains(browser.Cookies.Keys, k => k.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task First_sign_in_with_a_verified_address_makes_a_confirmed_account_and_the_code_works_once()
    {
        var email = NewEmail("first");
        Next(email, verified: true);
        using var browser = factory.NewBrowser();
        var code = await browser.SignInAsync();

        var tokens = await (await factory.Anonymous().PostJson("/api/v1/auth/external/exchange", new { code })).Expect(HttpStatusCode.OK);
        var me = await (await factory.Anonymous().WithBearer((string)tokens["access_token"]!).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        Assert.Equal(email, (string?)me["email"]);
        Assert.NotNull(me["email_confirmed_at"]);
        Assert.Equal("Outside Person", (string?)me["name"]);

        // The same session and refresh rotation as a password login.
        await (await factory.Anonymous().PostJson("/api/v1/auth/refresh", new { refresh_token = (string)tokens["refresh_token"]! }))
            .Expect(HttpStatusCode.OK);

        await (await factory.Anonymous().PostJson("/api/v1/auth/external/exchange", new { code }))
            .ExpectProblem(HttpStatusCode.BadRequest, "exchange_code_invalid");
    }

    [Fact]
    public async Task First_sign_in_with_an_unverified_address_makes_an_unconfirmed_account_and_the_next_finds_it()
    {
        var email = NewEmail("unverified");
        var subject = Guid.NewGuid().ToString("N");
        Next(email, verified: false, subject);
        using var browser = factory.NewBrowser();
        var first = await browser.SignInForTokensAsync();
        var me = await (await factory.Anonymous().WithBearer((string)first["access_token"]!).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        Assert.Null(me["email_confirmed_at"]);

        using var again = factory.NewBrowser();
        var second = await again.SignInForTokensAsync();
        var meAgain = await (await factory.Anonymous().WithBearer((string)second["access_token"]!).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        Assert.Equal((long)me["id"]!, (long)meAgain["id"]!);
    }

    [Fact]
    public async Task A_verified_address_links_to_the_confirmed_account_that_has_it()
    {
        var user = await factory.RegisterAndLoginAsync("Confirmed");
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update users set email_confirmed_at = now() where id = @Id", new { user.Id });
        Next(user.Email.ToUpperInvariant(), verified: true);

        using var browser = factory.NewBrowser();
        var tokens = await browser.SignInForTokensAsync();
        var me = await (await factory.Anonymous().WithBearer((string)tokens["access_token"]!).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        Assert.Equal(user.Id, (long)me["id"]!);
    }

    [Fact]
    public async Task An_unverified_address_or_an_unconfirmed_account_is_never_linked_by_address()
    {
        var unconfirmed = await factory.RegisterAndLoginAsync("Unconfirmed");
        Next(unconfirmed.Email, verified: true);
        using var first = factory.NewBrowser();
        await (await first.GetAsync(await first.ToCallbackAsync("/api/v1/auth/external/idp/start")))
            .ExpectProblem(HttpStatusCode.Conflict, "email_in_use");

        var confirmed = await factory.RegisterAndLoginAsync("Confirmed Two");
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update users set email_confirmed_at = now() where id = @Id", new { confirmed.Id });
        Next(confirmed.Email, verified: false);
        using var second = factory.NewBrowser();
        await (await second.GetAsync(await second.ToCallbackAsync("/api/v1/auth/external/idp/start")))
            .ExpectProblem(HttpStatusCode.Conflict, "email_in_use");

        await using var check = await factory.OpenDatabaseAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<int>(
            "select count(*) from user_identities where user_id in (@A, @B)", new { A = unconfirmed.Id, B = confirmed.Id }));
    }

    [Fact]
    public async Task A_provider_without_an_address_cannot_make_an_account()
    {
        Next(null, verified: false);
        using var browser = factory.NewBrowser();
        await (await browser.GetAsync(await browser.ToCallbackAsync("/api/v1/auth/external/idp/start")))
            .ExpectProblem(HttpStatusCode.BadRequest, "external_email_missing");
    }

    [Fact]
    public async Task A_tampered_state_is_refused()
    {
        Next(NewEmail("state"), verified: true);
        using var browser = factory.NewBrowser();
        var callback = await browser.ToCallbackAsync("/api/v1/auth/external/idp/start");
        await (await browser.GetAsync(Browser.Replace(callback, "state", "forged-state-value")))
            .ExpectProblem(HttpStatusCode.BadRequest, "external_callback_invalid");
    }

    [Fact]
    public async Task A_callback_without_the_correlation_cookie_is_refused()
    {
        Next(NewEmail("cookie"), verified: true);
        using var browser = factory.NewBrowser();
        var callback = await browser.ToCallbackAsync("/api/v1/auth/external/idp/start");
        browser.RestoreCookies([]);
        await (await browser.GetAsync(callback)).ExpectProblem(HttpStatusCode.BadRequest, "external_callback_invalid");
    }

    [Fact]
    public async Task A_replayed_callback_is_refused_even_with_the_original_cookies()
    {
        Next(NewEmail("replay"), verified: true);
        using var browser = factory.NewBrowser();
        var callback = await browser.ToCallbackAsync("/api/v1/auth/external/idp/start");
        var cookies = browser.CopyCookies();
        Browser.LocationOf(await browser.GetAsync(callback));

        browser.RestoreCookies(cookies);
        await (await browser.GetAsync(callback)).ExpectProblem(HttpStatusCode.BadRequest, "external_callback_replayed");
    }

    [Fact]
    public async Task An_id_token_for_another_nonce_is_refused()
    {
        Next(NewEmail("nonce"), verified: true);
        using var browser = factory.NewBrowser();
        var callback = await browser.ToCallbackAsync("/api/v1/auth/external/idp/start",
            authorize => Browser.Replace(authorize, "nonce", "a-nonce-this-sign-in-never-made"));
        await (await browser.GetAsync(callback)).ExpectProblem(HttpStatusCode.BadRequest, "external_nonce_invalid");
    }

    [Theory]
    [InlineData("access_denied")]
    [InlineData("consent_required")]
    public async Task An_error_from_the_provider_is_a_problem_with_its_code(string error)
    {
        Next(NewEmail("error"), verified: true, error: error);
        using var browser = factory.NewBrowser();
        var callback = await browser.ToCallbackAsync("/api/v1/auth/external/idp/start");
        Assert.Contains("error=" + error, callback);
        var problem = await (await browser.GetAsync(callback)).ExpectProblem(HttpStatusCode.BadRequest, "external_provider_error");
        Assert.Equal(error, (string?)problem["provider_error"]);
    }

    [Fact]
    public async Task Unknown_provider_and_foreign_return_url_are_refused()
    {
        using var browser = factory.NewBrowser();
        await (await browser.GetAsync("/api/v1/auth/external/nope/start")).ExpectProblem(HttpStatusCode.NotFound, "provider_not_found");
        // Present in the defaults but not switched on.
        await (await browser.GetAsync("/api/v1/auth/external/google/start")).ExpectProblem(HttpStatusCode.NotFound, "provider_not_found");
        await (await browser.GetAsync("/api/v1/auth/external/idp/start?return_url=https%3A%2F%2Fevil.example.com%2F"))
            .ExpectProblem(HttpStatusCode.BadRequest, "return_url_not_allowed");
        await (await factory.Anonymous().PostJson("/api/v1/auth/external/exchange", new { code = "never-issued" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "exchange_code_invalid");
    }
}
