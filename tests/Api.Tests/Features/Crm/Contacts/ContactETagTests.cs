using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Contacts;

/// <summary>Entity tags of one contact: GET answers them, PATCH and DELETE honour If-Match.</summary>
public sealed class ContactETagTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private async Task<(CrmOrganization Org, string Url, long Id)> ContactAsync()
    {
        var org = await factory.NewOrganizationAsync();
        var id = await org.Owner.Client.CreateContactAsync("Ann First");
        return (org, $"/api/v1/contacts/{id}", id);
    }

    [Fact]
    public async Task A_read_answers_a_strong_tag_and_304_while_it_matches()
    {
        var (org, url, id) = await ContactAsync();
        Assert.Equal($"\"{id}-1\"", await org.Owner.Client.ReadTagAndExpect304Async(url));
    }

    [Fact]
    public async Task A_write_with_the_current_tag_answers_the_new_one_and_the_old_one_is_412_and_writes_nothing()
    {
        var (org, url, _) = await ContactAsync();
        await org.Owner.Client.WriteWithCurrentThenStaleTagAsync(url, HttpMethod.Patch, new { name = "Ann Fresh" }, new { name = "Ann Stale" });
        Assert.Equal("Ann Fresh", (string?)(await (await org.Owner.Client.GetAsync(url)).Expect(HttpStatusCode.OK))["name"]);
    }

    [Fact]
    public async Task Handing_the_contact_over_makes_an_edit_on_the_old_tag_stale()
    {
        var (org, url, _) = await ContactAsync();
        var member = await factory.AddMemberAsync(org, "member");
        var tag = await org.Owner.Client.TagOfAsync(url);
        await (await org.Owner.Client.PatchJson(url, new { owner_id = member.Id })).Expect(HttpStatusCode.OK);
        await (await org.Owner.Client.SendWith(HttpMethod.Patch, url, new { phone = "+100200300" }, "If-Match", tag))
            .ExpectProblem(HttpStatusCode.PreconditionFailed, "etag_mismatch");
    }

    [Fact]
    public async Task Two_concurrent_writers_with_the_same_tag_exactly_one_wins()
    {
        for (var round = 0; round < 3; round++)
        {
            var (org, url, _) = await ContactAsync();
            var manager = await factory.AddMemberAsync(org, "manager");
            await Conditional.ExactlyOneOfTwoWinsAsync(org.Owner.Client, manager.Client, url, HttpMethod.Patch,
                new { name = "Owner's name" }, new { name = "Manager's name" });
        }
    }

    [Fact]
    public async Task A_malformed_tag_is_400_and_a_write_without_one_goes_ahead()
    {
        var (org, url, _) = await ContactAsync();
        await org.Owner.Client.MalformedTagsAre400Async(url, HttpMethod.Patch, new { name = "Never" });
        Assert.Equal("Ann First", (string?)(await (await org.Owner.Client.GetAsync(url)).Expect(HttpStatusCode.OK))["name"]);
        await org.Owner.Client.BlindWriteGoesAheadAsync(url, HttpMethod.Patch, new { name = "Blind" });
    }

    [Fact]
    public async Task Delete_honours_if_match()
    {
        var (org, url, _) = await ContactAsync();
        await org.Owner.Client.DeleteHonoursIfMatchAsync(url, new { name = "Moved on" });
    }
}
