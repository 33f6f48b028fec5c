using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Identity.External.Identities;

/// <summary>An outside account linked to the caller's.</summary>
public sealed record IdentityResponse(string Provider, string? Email, bool EmailVerified, DateTime LinkedAt, DateTime? LastSignedInAt);

/// <summary>Where to send the browser to link a provider; the ticket in it works once, for a minute.</summary>
public sealed record LinkStartResponse(string AuthorizationUrl, int ExpiresIn);

public sealed class ListIdentitiesEndpoint : ICarterModule
{
    private const string Sql = """
        select provider, email, email_verified, linked_at, last_signed_in_at
        from user_identities where user_id = @id order by provider
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMeGroup().MapGet("/identities", Handle)
            .WithName("ListMyIdentities")
            .WithSummary("The outside accounts the caller signs in with.");

    private static async Task<IdentityResponse[]> Handle(ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<IdentityResponse>(new CommandDefinition(Sql, new { id = user.UserId() }, cancellationToken: ct))).ToArray();
    }
}

public sealed class LinkIdentityEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMeGroup().MapPost("/identities/{provider}", Handle)
            .WithName("LinkMyIdentity")
            .WithSummary("Begin linking an outside account to the caller's.")
            .WithDescription("Answers the URL the browser opens (`/auth/external/{provider}/start` with a one-time link ticket). After the "
                + "provider's consent the outside account is linked to the caller; one already linked to another account is 409 "
                + "`identity_in_use`, a second account of the same provider 409 `provider_already_linked`.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<LinkStartResponse>, ProblemHttpResult>> Handle(
        string provider, [FromQuery(Name = "return_url")] string? returnUrl, ClaimsPrincipal user, HttpContext http,
        IOptions<ExternalAuthOptions> options, ExchangeCodes codes)
    {
        if (Providers.Find(options.Value, provider) is not { } name)
            return Providers.NotFound(provider);
        if (!Providers.ReturnUrlAllowed(options.Value, returnUrl))
            return Providers.ReturnUrlNotAllowed();

        var ticket = await codes.CreateAsync(ExchangeCodes.Link, user.UserId());
        var query = new Dictionary<string, string?> { ["link_ticket"] = ticket };
        if (!string.IsNullOrEmpty(returnUrl))
            query["return_url"] = returnUrl;
        var url = QueryHelpers.AddQueryString($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/api/v1/auth/external/{name}/start", query);
        return TypedResults.Ok(new LinkStartResponse(url, codes.LifetimeSeconds));
    }
}

public sealed class UnlinkIdentityEndpoint : ICarterModule
{
    // The account row is locked so that two unlinks at once cannot both pass the "not the last way in" check.
    private const string Sql = """
        with me as (
            select id, password_hash is not null as has_password from users where id = @id for update
        ), mine as (
            select provider from user_identities where user_id = @id
        ), allowed as (
            select exists (select 1 from mine where provider = @provider) as linked,
                   coalesce((select has_password from me), false) or (select count(*) from mine) > 1 as other_way
        ), gone as (
            delete from user_identities
            where user_id = @id and provider = @provider and (select linked and other_way from allowed)
            returning 1
        )
        select linked, other_way from allowed
        """;

    private sealed record Check(bool Linked, bool OtherWay);

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMeGroup().MapDelete("/identities/{provider}", Handle)
            .WithName("UnlinkMyIdentity")
            .WithSummary("Unlink an outside account from the caller's.")
            .WithDescription("Never the last way in: an account without a password keeps its last outside account (409 `last_sign_in_method`).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(string provider, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ProviderNames.IsWellFormed(provider))
            return NotFound();
        await using var connection = await db.OpenConnectionAsync(ct);
        var check = await connection.QuerySingleAsync<Check>(new CommandDefinition(Sql, new { id = user.UserId(), provider }, cancellationToken: ct));
        if (!check.Linked)
            return NotFound();
        if (!check.OtherWay)
            return Problems.Conflict("last_sign_in_method", "This is your only way to sign in; set a password or link another provider first.");
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotFound() =>
        Problems.NotFound("identity_not_found", "No outside account of this provider is linked to yours.");
}
