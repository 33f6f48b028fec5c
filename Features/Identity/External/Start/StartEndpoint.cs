using Atrium.Api.Infrastructure.Errors;
using Carter;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Features.Identity.External.Start;

public sealed class StartEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapGet("/external/{provider}/start", Handle)
            .WithName("StartExternalSignIn")
            .WithSummary("Begin signing in with an outside provider (a browser navigation).")
            .WithDescription("Redirects to the provider with PKCE, state and (OpenID Connect) nonce. The provider sends the browser "
                + "back to `/auth/external/{provider}/callback`, which redirects to `return_url` (one of the `ExternalAuth:ReturnUrls`; "
                + "the first when omitted) with a one-time `code` for `POST /auth/external/exchange`, or, with no return URL configured, "
                + "answers it as JSON. With `link_ticket` (from `POST /me/identities/{provider}`) the outside account is linked "
                + "to the signed-in user instead. Unknown or switched-off provider: 404 `provider_not_found`.")
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway);

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Handle(
        string provider, [FromQuery(Name = "return_url")] string? returnUrl, [FromQuery(Name = "link_ticket")] string? linkTicket,
        HttpContext http, IOptions<ExternalAuthOptions> options, ExchangeCodes codes, ILogger<StartEndpoint> logger)
    {
        if (Providers.Find(options.Value, provider) is not { } name)
            return Providers.NotFound(provider);

        if (!Providers.ReturnUrlAllowed(options.Value, returnUrl))
            return Providers.ReturnUrlNotAllowed();
        var target = string.IsNullOrEmpty(returnUrl) ? options.Value.ReturnUrls.FirstOrDefault() : returnUrl;

        var properties = new AuthenticationProperties { RedirectUri = "/" };
        properties.Items[ExternalSignIn.AttemptItem] = Atrium.Api.Infrastructure.Auth.SessionIds.New();
        if (target is not null)
            properties.Items[ExternalSignIn.ReturnUrlItem] = target;
        if (!string.IsNullOrEmpty(linkTicket))
        {
            if (await codes.TakeAsync(ExchangeCodes.Link, linkTicket) is not { } userId)
                return Problems.Invalid("link_ticket", "link_ticket_invalid", "The link ticket is unknown, used or expired; ask for a new one.");
            properties.Items[ExternalSignIn.LinkUserItem] = userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        try
        {
            // The handler writes the redirect (and its correlation and nonce cookies); it may first fetch the discovery document.
            await http.ChallengeAsync(ProviderNames.SchemeOf(name), properties);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException { InnerException: not null } or TaskCanceledException
                                  && !http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("Provider {Provider} could not be reached ({Reason}).", name, e.GetType().Name);
            return Problems.Of(StatusCodes.Status502BadGateway, "external_provider_unavailable", $"The provider '{name}' could not be reached.");
        }
        return TypedResults.Empty;
    }
}
