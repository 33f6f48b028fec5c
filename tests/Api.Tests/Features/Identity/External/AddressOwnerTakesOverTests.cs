using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Identity.External;

/// <summary>
/// Someone registers another person's address first and links an outside account of their own. When the owner of
/// the address recovers the account by a mailed link, that outside account no longer opens it.
/// </summary>
public sealed class AddressOwnerTakesOverTests(ExternalMailFactory factory) : IClassFixture<ExternalMailFactory>
{
    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@example.com";

    private async Task LinkAsync(HttpClient signedIn, NextSignIn who)
    {
        factory.Idp.Next = who;
        var start = await (await signedIn.PostAsync("/api/v1/me/identities/idp", null)).Expect(HttpStatusCode.OK);
        using var browser = factory.NewBrowser();
        var back = Browser.LocationOf(await browser.GetAsync(await browser.ToCallbackAsync((string)start["authorization_url"]!)));
        Assert.Equal(ExternalFactory.ReturnUrl + "?linked=idp", back);
    }

    private async Task<long> SignInWithAsync(NextSignIn who)
    {
        factory.Idp.Next = who;
        using var browser = factory.NewBrowser();
        var tokens = await browser.SignInForTokensAsync();
        var me = await (await factory.Anonymous().WithBearer((string)tokens["access_token"]!).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        return (long)me["id"]!;
    }

    private async Task ResetPasswordAsync(string email, string password)
    {
        await (await factory.Anonymous().PostJson("/api/v1/auth/password/forgot", new { email })).Expect(HttpStatusCode.Accepted);
        var token = MailReading.TokenOf(await factory.Smtp.WaitForAsync(email, m => m.Subject == "Reset your Atrium password"));
        await (await factory.Anonymous().PostJson("/api/v1/auth/password/reset", new { token, password })).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task An_outside_account_linked_by_whoever_registered_the_address_first_is_unlinked_when_its_owner_resets_the_password()
    {
        var victimAddress = NewEmail("victim");
        var squatter = factory.Anonymous();
        await (await squatter.PostJson("/api/v1/auth/register", new { email = victimAddress, password = "the squatter's password" }))
            .Expect(HttpStatusCode.Created);
        var login = await (await squatter.PostJson("/api/v1/auth/login", new { email = victimAddress, password = "the squatter's password" }))
            .Expect(HttpStatusCode.OK);
        var account = await (await factory.Anonymous().WithBearer((string)login["access_token"]!).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        var accountId = (long)account["id"]!;
        var squattersOwn = new NextSignIn(Guid.NewGuid().ToString("N"), NewEmail("squatter"), true);
        await LinkAsync(factory.Anonymous().WithBearer((string)login["access_token"]!), squattersOwn);
        Assert.Equal(accountId, await SignInWithAsync(squattersOwn));

        await ResetPasswordAsync(victimAddress, "the owner's own password");

        // The squatter's outside account opens an account of its own now, never the recovered one.
        Assert.NotEqual(accountId, await SignInWithAsync(squattersOwn));
        var owner = await (await factory.Anonymous().PostJson("/api/v1/auth/login", new { email = victimAddress, password = "the owner's own password" }))
            .Expect(HttpStatusCode.OK);
        var identities = await (await factory.Anonymous().WithBearer((string)owner["access_token"]!).GetAsync("/api/v1/me/identities"))
            .Expect(HttpStatusCode.OK);
        Assert.Empty(identities["items"]!.AsArray());
    }

    [Fact]
    public async Task An_outside_account_whose_provider_verified_the_address_stays_linked_through_a_reset()
    {
        var address = NewEmail("verified");
        var own = new NextSignIn(Guid.NewGuid().ToString("N"), address, true);
        var accountId = await SignInWithAsync(own);

        await ResetPasswordAsync(address, "a password of my own");

        Assert.Equal(accountId, await SignInWithAsync(own));
    }
}
