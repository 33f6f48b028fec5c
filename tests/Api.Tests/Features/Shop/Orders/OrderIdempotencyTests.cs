using System.Net;
using System.Net.Http.Json;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Shop.Orders;

public sealed class OrderIdempotencyTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static HttpRequestMessage Post(long[] projects, string key) => new(HttpMethod.Post, "/api/v1/orders")
    {
        Content = JsonContent.Create(new { project_ids = projects }, options: Http.Json),
        Headers = { { "Idempotency-Key", key } },
    };

    private async Task<int> OrdersOfAsync(TestUser buyer)
    {
        await using var db = await factory.OpenDatabaseAsync();
        return await db.QuerySingleAsync<int>("select count(*)::int from shop_orders where buyer_id = @id", new { id = buyer.Id });
    }

    [Fact]
    public async Task The_same_key_and_body_replays_the_first_answer_and_another_body_is_422()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var key = Guid.NewGuid().ToString();

        var first = await shop.Buyer.Client.SendAsync(Post([shop.Board], key));
        var created = await first.Expect(HttpStatusCode.Created);
        var replay = await shop.Buyer.Client.SendAsync(Post([shop.Board], key));
        var replayed = await replay.Expect(HttpStatusCode.Created);

        Assert.Equal(created.ToJsonString(), replayed.ToJsonString());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await OrdersOfAsync(shop.Buyer));

        await (await shop.Buyer.Client.SendAsync(Post([shop.Planner], key))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        // keys are per user: another buyer's identical key is a new request
        var other = await factory.RegisterAndLoginAsync("Other buyer");
        await (await other.Client.SendAsync(Post([shop.Board], key))).Expect(HttpStatusCode.Created);
        Assert.Equal(1, await OrdersOfAsync(shop.Buyer));
    }

    [Fact]
    public async Task A_refused_request_frees_its_key_and_a_key_expires_after_24_hours()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var key = Guid.NewGuid().ToString();

        await (await shop.Buyer.Client.SendAsync(Post([shop.Board, shop.Dollars], key))).ExpectProblem(HttpStatusCode.BadRequest, "mixed_currencies");
        await (await shop.Buyer.Client.SendAsync(Post([shop.Board], key))).Expect(HttpStatusCode.Created);

        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update idempotency_keys set created_at = now() - interval '25 hours' where user_id = @id", new { id = shop.Buyer.Id });
        var again = await shop.Buyer.Client.SendAsync(Post([shop.Board], key));
        await again.Expect(HttpStatusCode.Created);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await OrdersOfAsync(shop.Buyer));

        await (await shop.Buyer.Client.SendAsync(Post([shop.Board], new string('k', 256)))).ExpectProblem(HttpStatusCode.BadRequest, "invalid_idempotency_key");
        await (await shop.Buyer.Client.SendAsync(Post([shop.Board], "with space"))).ExpectProblem(HttpStatusCode.BadRequest, "invalid_idempotency_key");
    }

    [Fact]
    public async Task Two_concurrent_requests_with_one_key_run_once_and_the_other_is_409()
    {
        var shop = await ShopScene.ArrangeAsync(factory);
        var key = Guid.NewGuid().ToString();

        // Hold the listing so that the request that claims the key waits inside its transaction.
        await using var blocker = await factory.OpenDatabaseAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("select 1 from shop_listings where project_id = @id for update", new { id = shop.Board }, hold);

        var a = shop.Buyer.Client.SendAsync(Post([shop.Board], key));
        var b = shop.Buyer.Client.SendAsync(Post([shop.Board], key));
        var done = await Task.WhenAny(a, b);
        await done.Result.ExpectProblem(HttpStatusCode.Conflict, "idempotency_in_progress");

        await hold.RollbackAsync();
        var winner = await (done == a ? b : a);
        await winner.Expect(HttpStatusCode.Created);
        Assert.Equal(1, await OrdersOfAsync(shop.Buyer));

        await (await shop.Buyer.Client.SendAsync(Post([shop.Board], key))).Expect(HttpStatusCode.Created);
        Assert.Equal(1, await OrdersOfAsync(shop.Buyer));
    }
}
