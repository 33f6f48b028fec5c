using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Shop.Creators;

public sealed class MyCreatorTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task A_user_creates_reads_changes_and_deletes_one_creator_profile()
    {
        var ann = await factory.RegisterAndLoginAsync("Ann");
        await (await ann.Client.GetAsync("/api/v1/shop/creators/me")).ExpectProblem(HttpStatusCode.NotFound, "creator_profile_missing");

        var created = await (await ann.Client.PostJson("/api/v1/shop/creators/me",
            new { display_name = " Ann Makes ", bio = "Boards", website = "https://ann.example.com" })).Expect(HttpStatusCode.Created);
        Assert.Equal("Ann Makes", (string?)created["display_name"]);
        Assert.Equal(ann.Id, (long)created["user_id"]!);

        await (await ann.Client.PostJson("/api/v1/shop/creators/me", new { display_name = "Again" }))
            .ExpectProblem(HttpStatusCode.Conflict, "creator_exists");

        var changed = await (await ann.Client.PatchJson("/api/v1/shop/creators/me", new { bio = "", display_name = "Ann" })).Expect(HttpStatusCode.OK);
        Assert.Equal("Ann", (string?)changed["display_name"]);
        Assert.Null((string?)changed["bio"]);
        Assert.Equal("https://ann.example.com", (string?)changed["website"]);
        var read = await (await ann.Client.GetAsync("/api/v1/shop/creators/me")).Expect(HttpStatusCode.OK);
        Assert.Equal((long)created["id"]!, (long)read["id"]!);

        await (await ann.Client.DeleteAsync("/api/v1/shop/creators/me")).Expect(HttpStatusCode.NoContent);
        await (await ann.Client.DeleteAsync("/api/v1/shop/creators/me")).ExpectProblem(HttpStatusCode.NotFound, "creator_profile_missing");
        await (await ann.Client.PatchJson("/api/v1/shop/creators/me", new { bio = "x" })).ExpectProblem(HttpStatusCode.NotFound, "creator_profile_missing");
    }

    [Fact]
    public async Task Bad_profiles_are_refused_and_anonymous_callers_are_401()
    {
        var bob = await factory.RegisterAndLoginAsync("Bob");
        await (await bob.Client.PostJson("/api/v1/shop/creators/me", new { display_name = "" })).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await bob.Client.PostJson("/api/v1/shop/creators/me", new { display_name = "Bob", website = "javascript:alert(1)" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await factory.Anonymous().PostJson("/api/v1/shop/creators/me", new { display_name = "Bob" })).ExpectProblem(HttpStatusCode.Unauthorized);
        await (await factory.Anonymous().GetAsync("/api/v1/shop/creators/me")).ExpectProblem(HttpStatusCode.Unauthorized);
    }
}
