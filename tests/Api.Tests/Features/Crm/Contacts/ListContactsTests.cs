using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Crm.Contacts;

public sealed class ListContactsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task The_list_pages_searches_name_and_email_without_case_and_counts_the_total()
    {
        var org = await factory.NewOrganizationAsync();
        var client = org.Owner.Client;
        for (var i = 0; i < 5; i++)
            await client.CreateContactAsync($"Person {i}", $"p{i}@corp.example");
        await client.CreateContactAsync("Zoë Hart", "zoe@HARTLEY.example");
        await client.CreateContactAsync("Under_score", "u@x.example");

        var page = await (await client.GetAsync("/api/v1/contacts?page=2&page_size=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(7, (long)page["total"]!);
        Assert.Equal(2, (int)page["page"]!);
        Assert.Equal(2, (int)page["page_size"]!);
        Assert.Equal(2, page["items"]!.AsArray().Count);

        var byName = await (await client.GetAsync("/api/v1/contacts?search=PERSON")).Expect(HttpStatusCode.OK);
        Assert.Equal(5, (long)byName["total"]!);
        var byEmail = await (await client.GetAsync("/api/v1/contacts?search=hartley")).Expect(HttpStatusCode.OK);
        Assert.Equal("Zoë Hart", (string?)byEmail["items"]![0]!["name"]);
        var literal = await (await client.GetAsync("/api/v1/contacts?search=_")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (long)literal["total"]!);
        var defaults = await (await client.GetAsync("/api/v1/contacts")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int)defaults["page"]!);
        Assert.Equal(20, (int)defaults["page_size"]!);
    }

    [Theory]
    [InlineData("page_size=101")]
    [InlineData("page_size=0")]
    [InlineData("page=0")]
    [InlineData("page=abc")]
    [InlineData("owner_id=x")]
    public async Task Bad_list_parameters_are_400(string parameters)
    {
        var org = await factory.NewOrganizationAsync();
        await (await org.Owner.Client.GetAsync("/api/v1/contacts?" + parameters)).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_huge_page_is_an_empty_page_not_an_error()
    {
        var org = await factory.NewOrganizationAsync();
        var page = await (await org.Owner.Client.GetAsync("/api/v1/contacts?page=2147483647&page_size=100")).Expect(HttpStatusCode.OK);
        Assert.Empty(page["items"]!.AsArray());
    }

    [Fact]
    public async Task The_owner_filter_is_for_manager_and_up_but_a_member_may_filter_by_themselves()
    {
        var org = await factory.NewOrganizationAsync();
        var member = await factory.AddMemberAsync(org, "member");
        var manager = await factory.AddMemberAsync(org, "manager");
        await org.Owner.Client.CreateContactAsync("Owner's");
        await member.Client.CreateContactAsync("Member's");

        await (await member.Client.GetAsync($"/api/v1/contacts?owner_id={org.Owner.Id}")).ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        var own = await (await member.Client.GetAsync($"/api/v1/contacts?owner_id={member.Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Member's", (string?)own["items"]![0]!["name"]);
        var managed = await (await manager.Client.GetAsync($"/api/v1/contacts?owner_id={org.Owner.Id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (long)managed["total"]!);
        Assert.Equal("Owner's", (string?)managed["items"]![0]!["name"]);
        var all = await (await member.Client.GetAsync("/api/v1/contacts")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, (long)all["total"]!);
    }
}
