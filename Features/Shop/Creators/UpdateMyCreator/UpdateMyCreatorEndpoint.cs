using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Http;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Creators.UpdateMyCreator;

/// <summary>Partial update: an absent (or null) field stays; an empty <c>bio</c> or <c>website</c> clears it.</summary>
public sealed record UpdateMyCreatorRequest(string? DisplayName, string? Bio, string? Website);

public sealed class UpdateMyCreatorValidator : AbstractValidator<UpdateMyCreatorRequest>
{
    public UpdateMyCreatorValidator()
    {
        RuleFor(r => r.DisplayName).DisplayName().When(r => r.DisplayName is not null);
        RuleFor(r => r.Bio).Bio();
        RuleFor(r => r.Website).Website();
    }
}

public sealed class UpdateMyCreatorEndpoint : ICarterModule
{
    private const string Update = $"""
        update shop_creators c
        set display_name = coalesce(@displayName, c.display_name),
            bio = case when @bio::text is null then c.bio else nullif(@bio, '') end,
            website = case when @website::text is null then c.website else nullif(@website, '') end
        where c.user_id = @userId
        returning {CreatorSql.Columns}
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapShopGroup("/creators", ShopRoutes.CreatorsTag).MapPatch("/me", Handle)
            .RequireAuthorization()
            .Validate<UpdateMyCreatorRequest>()
            .WithName("UpdateMyCreator")
            .WithSummary("Change the caller's creator profile.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<CreatorResponse>, ProblemHttpResult>> Handle(
        UpdateMyCreatorRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var creator = await connection.QuerySingleOrDefaultAsync<CreatorResponse>(new CommandDefinition(Update, new
        {
            userId = user.UserId(),
            displayName = request.DisplayName?.Trim(),
            request.Bio,
            request.Website,
        }, cancellationToken: ct));
        return creator is null ? CreatorSql.NoProfile() : TypedResults.Ok(creator);
    }
}
