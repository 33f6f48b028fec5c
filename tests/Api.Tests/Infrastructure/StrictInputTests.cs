using System.Net;
using Atrium.Api.Tests.Features.Crm;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>A member no request declares is refused, named as sent, never silently ignored.</summary>
public sealed class StrictInputTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task An_unknown_field_on_a_new_deal_is_400_unknown_field_naming_it()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await org.Owner.Client.CreateContactAsync();
        var problem = await (await org.Owner.Client.PostJson("/api/v1/deals",
                new { contact_id = contact, title = "Red", amount = 10, currency = "EUR", colour = "red" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "unknown_field");

        Assert.NotNull(problem["errors"]?["colour"]);
        Assert.Contains("colour", (string?)problem["detail"], StringComparison.Ordinal);
        var text = problem.ToJsonString();
        foreach (var leak in new[] { "Atrium", "Request", ".NET", "System." })
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        var deals = await (await org.Owner.Client.GetAsync("/api/v1/deals")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, (int)deals["total"]!);
    }

    [Fact]
    public async Task A_typo_in_a_patch_is_refused_and_changes_nothing()
    {
        var org = await factory.NewOrganizationAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(await org.Owner.Client.CreateContactAsync());
        var problem = await (await org.Owner.Client.PatchJson($"/api/v1/deals/{deal}", new { titel = "Renamed" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "unknown_field");
        Assert.NotNull(problem["errors"]?["titel"]);

        var read = await (await org.Owner.Client.GetAsync($"/api/v1/deals/{deal}")).Expect(HttpStatusCode.OK);
        Assert.NotEqual("Renamed", (string?)read["title"]);
    }

    [Fact]
    public async Task Camel_case_names_are_unknown_fields_on_a_snake_case_wire()
    {
        var problem = await (await factory.Anonymous().SendRaw(HttpMethod.Post, "/api/v1/auth/login",
                "{\"email\": \"someone@example.com\", \"password\": \"secret-password\", \"rememberMe\": true}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "unknown_field");
        Assert.NotNull(problem["errors"]?["rememberMe"]);
    }
}
