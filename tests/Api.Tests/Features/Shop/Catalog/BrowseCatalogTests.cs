using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Shop.Catalog;

public sealed class BrowseCatalogTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static long[] Ids(System.Text.Json.Nodes.JsonNode page) => page["items"]!.AsArray().Select(i => (long)i!["project_id"]!).ToArray();

    [Fact]
    public async Task Filters_sorts_and_pages_work_for_anonymous_callers()
    {
        var staff = await factory.StaffAsync();
        var tools = await staff.CreateCategoryAsync("Catalog tools");
        var games = await staff.CreateCategoryAsync("Catalog games");
        var ann = await factory.RegisterAndLoginAsync("Ann");
        var annCreator = await ann.BecomeCreatorAsync("Ann");
        var bob = await factory.RegisterAndLoginAsync("Bob");
        await bob.BecomeCreatorAsync("Bob");

        var cheap = await ann.ListNewProjectAsync(tools, 5m, name: "Cheap hammer");
        var mid = await ann.ListNewProjectAsync(games, 50m, name: "Mid quest");
        var dear = await bob.ListNewProjectAsync(tools, 500m, name: "Dear drill");
        var hidden = await bob.ListNewProjectAsync(tools, 1m, name: "Hidden hammer", published: false);
        var anonymous = factory.Anonymous();
        async Task<long[]> Get(string query) =>
            Ids(await (await anonymous.GetAsync("/api/v1/shop/projects?" + query)).Expect(HttpStatusCode.OK));

        var all = new[] { cheap, mid, dear };
        Assert.Equal(all.OrderByDescending(i => i), await Get("sort=newest"));
        Assert.Equal([cheap, mid, dear], await Get("sort=price"));
        Assert.Equal([dear, mid, cheap], await Get("sort=-price"));
        Assert.DoesNotContain(hidden, await Get(""));
        Assert.Equal([cheap, dear], await Get($"category_id={tools}&sort=price"));
        Assert.Equal([cheap, mid], await Get($"creator_id={annCreator}&sort=price"));
        Assert.Equal([mid], await Get("min_price=10&max_price=50"));
        Assert.Equal([cheap], await Get("q=HAMMER"));
        Assert.Empty(await Get("q=%25"));
        Assert.Empty(await Get("currency=USD"));

        var page = await (await anonymous.GetAsync("/api/v1/shop/projects?sort=price&page=2&page_size=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(3, (int)page["total"]!);
        Assert.Equal([dear], Ids(page));
        Assert.Equal("Bob", (string?)page["items"]![0]!["creator_name"]);
        Assert.Equal("Catalog tools", (string?)page["items"]![0]!["category_name"]);
    }

    [Theory]
    [InlineData("sort=cheapest")]
    [InlineData("min_price=-1")]
    [InlineData("min_price=10&max_price=5")]
    [InlineData("currency=euro")]
    [InlineData("category_id=0")]
    [InlineData("page_size=101")]
    public async Task Bad_queries_are_400(string query) =>
        await (await factory.Anonymous().GetAsync("/api/v1/shop/projects?" + query)).ExpectProblem(HttpStatusCode.BadRequest);
}
