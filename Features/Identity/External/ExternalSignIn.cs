using System.Security.Claims;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Npgsql;

namespace Atrium.Api.Features.Identity.External;

/// <summary>
/// The end of the redirect dance, after the handler has checked state, correlation, PKCE and (OpenID Connect)
/// the id_token and its nonce: find or make the Atrium account of the outside identity, then send the browser
/// back to the client with a one-time exchange code (never a token in a URL). Every refusal is a problem.
/// </summary>
public sealed class ExternalSignIn(NpgsqlDataSource db, ExchangeCodes codes)
{
    public const string ReturnUrlItem = "atrium.return_url";
    public const string LinkUserItem = "atrium.link_user";
    /// <summary>A random id per started sign-in, inside the protected state; the callback burns it so it completes once.</summary>
    public const string AttemptItem = "atrium.attempt";

    private const string FindIdentity = "select user_id from user_identities where provider = @provider and subject = @subject";

    private const string TouchIdentity = """
        update user_identities set email = @email, email_verified = @verified, last_signed_in_at = now()
        where provider = @provider and subject = @subject
        """;

    private const string AddIdentity = """
        insert into user_identities (user_id, provider, subject, email, email_verified, last_signed_in_at)
        values (@userId, @provider, @subject, @email, @verified, now())
        """;

    private const string FindAccountByEmail = "select id, email_confirmed_at is not null as confirmed from users where lower(email) = lower(@email)";

    private const string CreateAccount = """
        insert into users (email, name, email_confirmed_at)
        values (@email, @name, case when @verified then now() end)
        returning id
        """;

    private sealed record Account(long Id, bool Confirmed);

    private sealed record Seen(string Provider, string Subject, string? Email, bool Verified, string? Name);

    public async Task CompleteAsync(TicketReceivedContext context, string provider)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        var properties = context.Properties!;
        var remaining = properties.ExpiresUtc is { } expires ? expires - DateTimeOffset.UtcNow : TimeSpan.Zero;
        if (!properties.Items.TryGetValue(AttemptItem, out var attempt) || attempt is null
            || !await codes.BurnCallbackAsync(attempt, remaining > TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1)))
        {
            await Problems.BadRequest("external_callback_replayed", "This sign-in was completed already; start again.").ExecuteAsync(http);
            return;
        }

        var principal = context.Principal!;
        var subject = principal.FindFirstValue(ExternalClaims.Subject);
        if (string.IsNullOrEmpty(subject) || subject.Length > 255)
        {
            await Problems.BadRequest("external_subject_missing", "The provider did not name the account.").ExecuteAsync(http);
            return;
        }
        var email = principal.FindFirstValue(ExternalClaims.Email)?.Trim();
        var seen = new Seen(provider, subject, IdentityRules.IsEmail(email) ? email : null,
            string.Equals(principal.FindFirstValue(ExternalClaims.EmailVerified), "true", StringComparison.OrdinalIgnoreCase),
            principal.FindFirstValue(ExternalClaims.Name) is { Length: > 0 and <= 200 } name ? name : null);

        long? linkUser = properties.Items.TryGetValue(LinkUserItem, out var link) && long.TryParse(link, out var id) ? id : null;
        properties.Items.TryGetValue(ReturnUrlItem, out var returnUrl);

        var outcome = await ResolveAsync(seen, linkUser, http.RequestAborted);
        if (outcome.Problem is { } problem)
        {
            await problem.ExecuteAsync(http);
            return;
        }

        if (linkUser is not null)
        {
            if (string.IsNullOrEmpty(returnUrl))
                await TypedResults.Ok(new LinkedResponse(provider)).ExecuteAsync(http);
            else
                http.Response.Redirect(QueryHelpers.AddQueryString(returnUrl, "linked", provider));
            return;
        }

        var code = await codes.CreateAsync(ExchangeCodes.Exchange, outcome.UserId);
        if (string.IsNullOrEmpty(returnUrl))
            await TypedResults.Ok(new ExchangeCodeResponse(code, codes.LifetimeSeconds)).ExecuteAsync(http);
        else
            http.Response.Redirect(QueryHelpers.AddQueryString(returnUrl, "code", code));
    }

    private readonly record struct Outcome(long UserId, IResult? Problem);

    private async Task<Outcome> ResolveAsync(Seen seen, long? linkUser, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            var owner = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(FindIdentity, seen, transaction, cancellationToken: ct));
            if (owner is { } known)
            {
                if (linkUser is { } l && l != known)
                    return new(0, Problems.Conflict("identity_in_use", "This outside account is linked to another Atrium account."));
                await connection.ExecuteAsync(new CommandDefinition(TouchIdentity, seen, transaction, cancellationToken: ct));
                await transaction.CommitAsync(ct);
                return new(known, null);
            }

            long userId;
            if (linkUser is { } linking)
                userId = linking;
            else
            {
                if (seen.Email is null)
                    return new(0, Problems.BadRequest("external_email_missing", "The provider gave no e-mail address; Atrium needs one to make an account."));
                var existing = await connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(FindAccountByEmail, seen, transaction, cancellationToken: ct));
                if (existing is not null)
                {
                    // Only an address both sides have verified proves that the outside account and the Atrium one are one person.
                    if (!(seen.Verified && existing.Confirmed))
                        return new(0, Problems.Conflict("email_in_use",
                            "An account with this e-mail exists; sign in to it and link the provider from your profile."));
                    userId = existing.Id;
                }
                else
                    userId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CreateAccount, seen, transaction, cancellationToken: ct));
            }

            await connection.ExecuteAsync(new CommandDefinition(AddIdentity, new { userId, seen.Provider, seen.Subject, seen.Email, seen.Verified },
                transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return new(userId, null);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return e.ConstraintName switch
            {
                "user_identities_user_provider_key" => new(0, Problems.Conflict("provider_already_linked",
                    "Another account of this provider is linked already; unlink it first.")),
                "users_email_key" => new(0, Problems.Conflict("email_in_use",
                    "An account with this e-mail exists; sign in to it and link the provider from your profile.")),
                _ => new(0, Problems.Conflict("concurrent_update", "The same sign-in ran twice at once; try again.")),
            };
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return new(0, UserResponse.NotFound());
        }
    }

    /// <summary>The provider answered the authorization request with an error, or the callback failed a check.</summary>
    public static async Task FailAsync(RemoteFailureContext context, string provider)
    {
        context.HandleResponse();
        var failure = context.Failure;
        var result = failure switch
        {
            { Data: var data } when data?["error"] is string error => ProviderError(provider, error, data["error_description"] as string),
            OpenIdConnectProtocolInvalidNonceException => Problems.BadRequest("external_nonce_invalid",
                "The identity token was not issued for this sign-in (nonce mismatch)."),
            HttpRequestException or InvalidOperationException { InnerException: HttpRequestException or IOException } =>
                Problems.Of(StatusCodes.Status502BadGateway, "external_provider_unavailable", $"The provider '{provider}' could not be reached."),
            _ => Problems.BadRequest("external_callback_invalid", "The sign-in callback failed its checks (state, correlation or token); start again."),
        };
        await result.ExecuteAsync(context.HttpContext);
    }

    public static async Task DeniedAsync(AccessDeniedContext context, string provider)
    {
        context.HandleResponse();
        await ProviderError(provider, "access_denied", null).ExecuteAsync(context.HttpContext);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ProviderError(string provider, string error, string? description)
    {
        var problem = Problems.BadRequest("external_provider_error",
            $"The provider '{provider}' refused the sign-in: {Truncate(error, 100)}{(description is null ? "" : " (" + Truncate(description, 300) + ")")}.");
        problem.ProblemDetails.Extensions["provider_error"] = Truncate(error, 100);
        return problem;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

public sealed record ExchangeCodeResponse(string ExchangeCode, int ExpiresIn);

public sealed record LinkedResponse(string Linked);
