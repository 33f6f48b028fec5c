using System.Net;
using Atrium.Api.Tests.Features.Spaces;
using Atrium.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Atrium.Api.Tests.Features.Identity.External;

/// <summary>Linking from a signed-in account, listing and unlinking (never the last way in).</summary>
public sealed class IdentitiesTests(ExternalFactory factory) : IClassFixture<ExternalFactory>
{
    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@example.com";

    private async Task LinkAsync(HttpClient signedIn, string provider, string subject)
    {
        factory.Idp.Next = new NextSignIn(subject, NewEmail("linked"), false);
        var start = await (await signedIn.PostAsync($"/api/v1/me/identities/{provider}", null)).Expect(HttpStatusCode.OK);
        using var browser = factory.NewBrowser();
        var callback = await browser.ToCallbackAsync((string)start["authorization_url"]!);
        var back = Browser.LocationOf(await browser.GetAsync(callback));
        Assert.Equal(ExternalFactory.ReturnUrl + "?linked=" + provider, back);
    }

    [Fact]
    public async Task A_signed_in_user_links_a_provider_and_then_signs_in_with_it()
    {
        var user = await factory.RegisterAndLoginAsync("Linker");
        var subject = Guid.NewGuid().ToString("N");
        await LinkAsync(user.Client, "idp", subject);

        var list = (await (await user.Client.GetAsync("/api/v1/me/identities")).Expect(HttpStatusCode.OK))["items"]!;
        Assert.Equal("idp", (string?)list[0]!["provider"]);
        Assert.Single(list.AsArray());

        // Signing in with the linked outside account (another address, unverified) opens the same account.
        factory.Idp.Next = new NextSignIn(subject, NewEmail("other"), false);
        using var browser = factory.NewBrowser();
        var tokens = await browser.SignInForTokensAsync();
        var me = await (await factory.Anonymous().WithBearer((string)tokens["access_token"]!).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        Assert.Equal(user.Id, (long)me["id"]!);
    }

    [Fact]
    public async Task An_outside_account_linked_elsewhere_or_a_second_one_of_a_provider_is_409()
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var subject = Guid.NewGuid().ToString("N");
        await LinkAsync(owner.Client, "idp", subject);

        var other = await factory.RegisterAndLoginAsync("Other");
        factory.Idp.Next = new NextSignIn(subject, null, false);
        var start = await (await other.Client.PostAsync("/api/v1/me/identities/idp", null)).Expect(HttpStatusCode.OK);
        using var browser = factory.NewBrowser();
        await (await browser.GetAsync(await browser.ToCallbackAsync((string)start["authorization_url"]!)))
            .ExpectProblem(HttpStatusCode.Conflict, "identity_in_use");

        factory.Idp.Next = new NextSignIn(Guid.NewGuid().ToString("N"), null, false);
        var again = await (await owner.Client.PostAsync("/api/v1/me/identities/idp", null)).Expect(HttpStatusCode.OK);
        using var second = factory.NewBrowser();
        await (await second.GetAsync(await second.ToCallbackAsync((string)again["authorization_url"]!)))
            .ExpectProblem(HttpStatusCode.Conflict, "provider_already_linked");
    }

    [Fact]
    public async Task A_link_ticket_works_once_and_linking_needs_a_session()
    {
        var user = await factory.RegisterAndLoginAsync("Ticket");
        var start = await (await user.Client.PostAsync("/api/v1/me/identities/idp", null)).Expect(HttpStatusCode.OK);
        var url = (string)start["authorization_url"]!;
        using var browser = factory.NewBrowser();
        Browser.LocationOf(await browser.GetAsync(url));
        await (await browser.GetAsync(url)).ExpectProblem(HttpStatusCode.BadRequest, "link_ticket_invalid");

        await (await factory.Anonymous().PostAsync("/api/v1/me/identities/idp", null)).ExpectProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await user.Client.PostAsync("/api/v1/me/identities/nope", null)).ExpectProblem(HttpStatusCode.NotFound, "provider_not_found");
    }

    [Fact]
    public async Task An_account_without_a_password_keeps_its_last_way_in()
    {
        factory.Idp.Next = new NextSignIn(Guid.NewGuid().ToString("N"), NewEmail("passwordless"), true);
        using var browser = factory.NewBrowser();
        var tokens = await browser.SignInForTokensAsync();
        var client = factory.Anonymous().WithBearer((string)tokens["access_token"]!);

        await (await client.DeleteAsync("/api/v1/me/identities/idp")).ExpectProblem(HttpStatusCode.Conflict, "last_sign_in_method");

        await LinkAsync(client, "idp2", Guid.NewGuid().ToString("N"));
        await (await client.DeleteAsync("/api/v1/me/identities/idp")).Expect(HttpStatusCode.NoContent);
        var list = (await (await client.GetAsync("/api/v1/me/identities")).Expect(HttpStatusCode.OK))["items"]!;
        Assert.Equal("idp2", (string?)Assert.Single(list.AsArray())!["provider"]);

        await (await client.DeleteAsync("/api/v1/me/identities/idp2")).ExpectProblem(HttpStatusCode.Conflict, "last_sign_in_method");
        await (await client.DeleteAsync("/api/v1/me/identities/idp")).ExpectProblem(HttpStatusCode.NotFound, "identity_not_found");
    }

    [Fact]
    public async Task An_organization_that_requires_two_step_login_gets_it_for_outside_sign_in_too()
    {
        var owner = await factory.RegisterAndLoginAsync("Strict Owner");
        var member = await factory.RegisterAndLoginAsync("Strict Member");
        var organization = await owner.CreateOrganizationAsync("Strict Outside Ltd");
        await factory.AddMemberAsync(owner, $"/api/v1/organizations/{organization}", member);
        var subject = Guid.NewGuid().ToString("N");
        await LinkAsync(member.Client, "idp", subject);

        factory.Idp.Next = new NextSignIn(subject, null, false);
        using (var before = factory.NewBrowser())
            Assert.NotNull((await before.SignInForTokensAsync())["access_token"]);

        await (await owner.Client.PatchJson($"/api/v1/organizations/{organization}", new { settings = new { require_two_step_login = true } }))
            .Expect(HttpStatusCode.OK);
        using var after = factory.NewBrowser();
        var answer = await after.SignInForTokensAsync();
        Assert.True((bool)answer["otp_required"]!);
        Assert.Null(answer["access_token"]);
        Assert.Equal(32, ((string)answer["challenge_id"]!).Length);
    }

    [Fact]
    public async Task An_account_with_a_password_may_unlink_its_only_provider()
    {
        var user = await factory.RegisterAndLoginAsync("With Password");
        await LinkAsync(user.Client, "idp", Guid.NewGuid().ToString("N"));
        await (await user.Client.DeleteAsync("/api/v1/me/identities/idp")).Expect(HttpStatusCode.NoContent);
        Assert.Empty((await (await user.Client.GetAsync("/api/v1/me/identities")).Expect(HttpStatusCode.OK))["items"]!.AsArray());
    }
}

/// <summary>Providers on the sign-in page, and the callback answering the code as JSON when no return URL is configured.</summary>
public sealed class ProvidersTests(WithoutReturnUrlsFactory factory) : IClassFixture<WithoutReturnUrlsFactory>
{
    [Fact]
    public async Task Only_the_providers_switched_on_are_listed()
    {
        var list = (await (await factory.Anonymous().GetAsync("/api/v1/auth/providers")).Expect(HttpStatusCode.OK))["items"]!;
        Assert.Equal(["idp", "idp2"], list.AsArray().Select(p => (string)p!["name"]!).ToArray());
        Assert.Equal("Test idp", (string?)list[0]!["display_name"]);
        Assert.Equal("oidc", (string?)list[0]!["kind"]);
        Assert.Equal("/api/v1/auth/external/idp/start", (string?)list[0]!["start_url"]);
    }

    [Fact]
    public async Task Without_a_return_url_the_callback_answers_the_code_as_json()
    {
        factory.Idp.Next = new NextSignIn(Guid.NewGuid().ToString("N"), $"json.{Guid.NewGuid():N}@example.com", true);
        using var browser = factory.NewBrowser();
        var answer = await (await browser.GetAsync(await browser.ToCallbackAsync("/api/v1/auth/external/idp/start"))).Expect(HttpStatusCode.OK);
        Assert.Equal(60, (int)answer["expires_in"]!);
        await (await factory.Anonymous().PostJson("/api/v1/auth/external/exchange", new { code = (string)answer["exchange_code"]! }))
            .Expect(HttpStatusCode.OK);
    }
}

/// <summary>The default settings switch no provider on.</summary>
public sealed class NoProvidersTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task No_provider_is_on_by_default()
    {
        var list = (await (await factory.Anonymous().GetAsync("/api/v1/auth/providers")).Expect(HttpStatusCode.OK))["items"]!;
        Assert.Empty(list.AsArray());
        await (await factory.Anonymous().GetAsync("/api/v1/auth/external/google/start")).ExpectProblem(HttpStatusCode.NotFound, "provider_not_found");
    }
}
