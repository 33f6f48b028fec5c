using Microsoft.AspNetCore.Http.HttpResults;
using Carter;
using Microsoft.Extensions.Options;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Http;

namespace Atrium.Api.Features.Identity.External.ListProviders;

/// <summary>A provider a sign-in page can offer; <c>start_url</c> is where the browser goes to begin.</summary>
public sealed record ProviderResponse(string Name, string DisplayName, [property: OneOf(typeof(ProviderKinds), nameof(ProviderKinds.Names))] string Kind, string StartUrl);

public sealed class ListProvidersEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapGet("/providers", Handle)
            .WithName("ListExternalProviders")
            .WithSummary("The outside sign-in providers switched on.")
            .WithDescription("OpenID Connect and OAuth 2.0 providers from the `ExternalAuth` settings; none is on by default.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static Results<Ok<Paged<ProviderResponse>>, ProblemHttpResult> Handle(IOptions<ExternalAuthOptions> options, [AsParameters] PageQuery paging) =>
        paging.Check() is { } invalid ? invalid : TypedResults.Ok(paging.Slice(options.Value.Enabled
            .Select(p => new ProviderResponse(p.Key, p.Value.DisplayName ?? p.Key, ProviderKinds.Wire(p.Value.Kind),
                $"/api/v1/auth/external/{p.Key}/start"))
            .ToList()));
}
