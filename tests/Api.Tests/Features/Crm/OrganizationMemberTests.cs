using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Atrium.Api.Tests.Features.Platform;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Crm;

/// <summary>
/// Every operation that names its organization in X-Organization-Id gets the caller's membership bound before its
/// handler: the header's problems and a stranger's 404 come first, whatever the route and body.
/// </summary>
public sealed partial class OrganizationMemberTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static IReadOnlyList<OpenApiOperation> OrganizationOperations() =>
        OpenApiOperations.All.Value.Where(o => o.HeaderParameters.Contains(CrmWorld.Header)).ToList();

    private static HttpRequestMessage Request(OpenApiOperation operation, string? organization)
    {
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), PathParameter().Replace(operation.Path, "1"));
        if (operation.BodySchema is not null)
            request.Content = new StringContent("{\"title\": \"\"}", Encoding.UTF8, "application/json"); // invalid on purpose
        if (organization is not null)
            request.Headers.Add(CrmWorld.Header, organization);
        return request;
    }

    [Fact]
    public async Task Every_organization_route_answers_the_header_and_membership_before_anything_else()
    {
        var operations = OrganizationOperations();
        Assert.True(operations.Count >= 18, $"only {operations.Count} operations document {CrmWorld.Header}");
        var stranger = await factory.RegisterAndLoginAsync("Stranger");
        var org = await factory.NewOrganizationAsync();

        foreach (var operation in operations)
        {
            await (await stranger.Client.SendAsync(Request(operation, null))).ExpectProblem(HttpStatusCode.BadRequest, "organization_header_missing");
            await (await stranger.Client.SendAsync(Request(operation, "x1"))).ExpectProblem(HttpStatusCode.BadRequest, "organization_header_invalid");
            await (await stranger.Client.SendAsync(Request(operation, org.Id.ToString()))).ExpectProblem(HttpStatusCode.NotFound, "organization_not_found");
        }
    }

    [GeneratedRegex(@"\{[a-z_]+\}")]
    private static partial Regex PathParameter();
}
