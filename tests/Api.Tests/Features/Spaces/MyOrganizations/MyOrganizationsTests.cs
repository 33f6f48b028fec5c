using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.MyOrganizations;

public sealed class MyOrganizationsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task An_organization_is_private_by_default_and_listed_in_my_organizations()
    {
        var owner = await factory.RegisterAndLoginAsync("Oscar");
        var id = await owner.CreateOrganizationAsync("Acme");
        var org = await owner.GetAsync($"/api/v1/organizations/{id}");
        Assert.Equal("private", (string?)org["visibility"]);

        var mine = await owner.GetAsync("/api/v1/organizations/me");
        Assert.Contains(mine["items"]!.AsArray(), o => (long)o!["id"]! == id && (string?)o["role"] == "owner");
        Assert.Equal(1, (int)mine["page"]!);
        Assert.Equal(20, (int)mine["page_size"]!);
    }
}
