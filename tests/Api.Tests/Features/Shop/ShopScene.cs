using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Shop;

/// <summary>A small shop: staff, a category, a creator with three published projects (two in EUR, one in USD) and a buyer.</summary>
public sealed record ShopScene(TestUser Staff, long Category, TestUser Creator, long CreatorId, long Board, long Planner, long Dollars, TestUser Buyer)
{
    public static async Task<ShopScene> ArrangeAsync(AtriumFactory factory)
    {
        var staff = await factory.StaffAsync();
        var category = await staff.CreateCategoryAsync("Scene " + Guid.NewGuid().ToString("N")[..8]);
        var creator = await factory.RegisterAndLoginAsync("Creator");
        var creatorId = await creator.BecomeCreatorAsync("Cleo Creator");
        var board = await creator.ListNewProjectAsync(category, 10.50m, "EUR", "Board");
        var planner = await creator.ListNewProjectAsync(category, 20.25m, "EUR", "Planner");
        var dollars = await creator.ListNewProjectAsync(category, 7m, "USD", "Dollar game");
        var buyer = await factory.RegisterAndLoginAsync("Buyer");
        return new ShopScene(staff, category, creator, creatorId, board, planner, dollars, buyer);
    }
}
