using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Shop.Ledgers;

/// <summary>Order and donation mail leaves through the outbox and arrives at a real SMTP server.</summary>
public sealed class LedgerMailTests(MailFactory factory) : IClassFixture<MailFactory>
{
    [Fact]
    public async Task An_order_mails_the_buyer_and_the_creator_on_creation_on_every_change_and_on_archive()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var order = await (await shop.Buyer.Client.PostJson("/api/v1/orders", new { project_ids = new[] { shop.Board, shop.Planner } }))
            .Expect(HttpStatusCode.Created);
        var id = (long)order["id"]!;

        var toBuyer = await factory.Smtp.WaitForAsync(shop.Buyer.Email, m => m.Subject == $"Order #{id} was placed");
        Assert.Contains("Total: 30.75 EUR. Payment: pending.", toBuyer.TextBody);
        var toCreator = await factory.Smtp.WaitForAsync(shop.Creator.Email, m => m.Subject == $"Order #{id} was placed");
        Assert.Contains("it names your projects: Board, Planner.", toCreator.TextBody);

        await (await shop.Staff.Client.PatchJson($"/api/v1/orders/{id}", new { payment_status = "paid" })).Expect(HttpStatusCode.OK);
        var paid = await factory.Smtp.WaitForAsync(shop.Buyer.Email, m => m.Subject == $"Order #{id} was updated");
        Assert.Contains("Payment: paid.", paid.TextBody);
        await factory.Smtp.WaitForAsync(shop.Creator.Email, m => m.Subject == $"Order #{id} was updated");

        await (await shop.Staff.Client.PostAsync($"/api/v1/orders/{id}/archive", null)).Expect(HttpStatusCode.OK);
        await factory.Smtp.WaitForAsync(shop.Buyer.Email, m => m.Subject == $"Order #{id} was archived");
        Assert.DoesNotContain(factory.Smtp.To(shop.Staff.Email), m => m.Subject?.StartsWith("Order", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_donation_mails_the_donor_and_each_creator_their_part()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var other = await factory.RegisterAndLoginAsync("Other creator");
        await other.BecomeCreatorAsync("Otto");
        var foreign = await other.ListNewProjectAsync(shop.Category, 4m, name: "Otto's tool");

        var donation = await (await shop.Buyer.Client.PostJson("/api/v1/donations", new
        {
            items = new[] { new { project_id = shop.Board, amount = 5m }, new { project_id = foreign, amount = 2m } },
            currency = "EUR",
        })).Expect(HttpStatusCode.Created);
        var id = (long)donation["id"]!;

        var toDonor = await factory.Smtp.WaitForAsync(shop.Buyer.Email, m => m.Subject == $"Donation #{id} was placed");
        Assert.Contains("Total: 7.00 EUR.", toDonor.TextBody);
        var toCreator = await factory.Smtp.WaitForAsync(shop.Creator.Email, m => m.Subject == $"Donation #{id} was placed");
        Assert.Contains("Your part: 5.00 EUR.", toCreator.TextBody);
        var toOther = await factory.Smtp.WaitForAsync(other.Email, m => m.Subject == $"Donation #{id} was placed");
        Assert.Contains("Otto's tool", toOther.TextBody);
        Assert.DoesNotContain("Board", toOther.TextBody);
    }
}
