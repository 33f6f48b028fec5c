using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Identity.External.Exchange;

/// <summary>The one-time code the callback handed the client.</summary>
public sealed record ExchangeRequest(string Code);

public sealed class ExchangeValidator : AbstractValidator<ExchangeRequest>
{
    public ExchangeValidator() => RuleFor(r => r.Code).NotEmpty().MaximumLength(100);
}

public sealed class ExchangeEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAuthGroup().MapPost("/external/exchange", Handle)
            .Validate<ExchangeRequest>()
            .WithName("ExchangeExternalCode")
            .WithSummary("Trade the one-time code of an outside sign-in for Atrium's tokens.")
            .WithDescription("Opens a session exactly as `POST /auth/login` does (same session, same refresh rotation). The code "
                + "lives 60 s and works once: unknown, used or expired is 400 `exchange_code_invalid`.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(
        ExchangeRequest request, HttpContext http, ExchangeCodes codes, SessionStore sessions, TokenIssuer tokens)
    {
        if (await codes.TakeAsync(ExchangeCodes.Exchange, request.Code) is not { } userId)
            return Problems.Invalid("code", "exchange_code_invalid", "The code is unknown, used or expired; sign in again.");
        var session = await sessions.CreateAsync(userId, ClientInfo.IpOf(http), ClientInfo.UserAgentOf(http));
        var access = tokens.IssueAccessToken(userId, session.Id, session.AbsoluteExpiry);
        return TypedResults.Ok(TokenResponse.Of(access, session.RefreshToken, session.Id));
    }
}
