using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Creators.CreateMyCreator;

public sealed record CreateMyCreatorRequest(string DisplayName, string? Bio, string? Website);

public sealed class CreateMyCreatorValidator : AbstractValidator<CreateMyCreatorRequest>
{
    public CreateMyCreatorValidator()
    {
        RuleFor(r => r.DisplayName).DisplayName();
        RuleFor(r => r.Bio).Bio();
        RuleFor(r => r.Website).Website();
    }
}

public sealed class CreateMyCreatorEndpoint : ICarterModule
{
    private const string Insert = $"""
        insert into shop_creators as c (user_id, display_name, bio, website)
        values (@userId, @displayName, nullif(@bio, ''), nullif(@website, ''))
        returning {CreatorSql.Columns}
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapShopGroup("/creators", ShopRoutes.CreatorsTag).MapPost("/me", Handle)
            .RequireAuthorization()
            .Validate<CreateMyCreatorRequest>()
            .WithName("CreateMyCreator")
            .WithSummary("Become a creator: the caller's creator profile (one per user).")
            .WithDescription("A second profile for the same user is 409 `creator_exists`.")
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Created<CreatorResponse>, ProblemHttpResult>> Handle(
        CreateMyCreatorRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        try
        {
            var creator = await connection.QuerySingleAsync<CreatorResponse>(new CommandDefinition(Insert, new
            {
                userId = user.UserId(),
                displayName = request.DisplayName.Trim(),
                request.Bio,
                request.Website,
            }, cancellationToken: ct));
            return TypedResults.Created($"/api/v1/shop/creators/{creator.Id}", creator);
        }
        catch (PostgresException e) when (e.IsUniqueViolation("shop_creators_user_key"))
        {
            return Problems.Conflict("creator_exists", "You already have a creator profile; change it with PATCH /api/v1/shop/creators/me.");
        }
    }
}
