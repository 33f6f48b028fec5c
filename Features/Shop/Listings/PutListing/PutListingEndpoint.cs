using Atrium.Api.Features.Shop.Categories;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Validation;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Listings.PutListing;

public sealed record PutListingRequest(long CategoryId, decimal Price, string Currency, bool? Published);

public sealed class PutListingValidator : AbstractValidator<PutListingRequest>
{
    public PutListingValidator()
    {
        RuleFor(r => r.CategoryId).GreaterThan(0);
        RuleFor(r => r.Currency).NotNull().WithMessage("'currency' is required.");
    }
}

public sealed class PutListingEndpoint : ICarterModule
{
    private const string CreatorOf = "select id from shop_creators where user_id = @userId";
    private const string CategoryExists = "select exists (select 1 from shop_categories where id = @categoryId)";
    private const string Before = $"select {ListingSql.Columns} from shop_listings l where l.project_id = @projectId for update";

    private const string Upsert = $"""
        insert into shop_listings as l (project_id, creator_id, category_id, price, currency, published)
        values (@projectId, @creatorId, @categoryId, @price, @currency, @published)
        on conflict (project_id) do update
        set creator_id = excluded.creator_id, category_id = excluded.category_id, price = excluded.price,
            currency = excluded.currency, published = excluded.published
        returning {ListingSql.Columns}
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapListingGroup().MapPut("/listing", Handle)
            .Validate<PutListingRequest>()
            .WithName("PutListing")
            .WithSummary("Put a project on sale, or change its listing (the project's owner, with a creator profile).")
            .WithDescription("`price` above 0 (numeric(14,2); else 400 `price_must_be_positive`), `currency` an ISO 4217 code in use "
                + "(else 400 `unknown_currency`), `category_id` an existing category (else 404 `category_not_found`), `published` "
                + "(default false) puts it in the public catalog. Listing a project shows its name and description in the catalog "
                + "whatever the project's visibility. Not a member: 404; a member but not the owner: 403 `not_project_owner`; "
                + "no creator profile: 409 `creator_profile_required`. Orders already made keep the price they were made at. "
                + "Writes a `listing.updated` audit event of the project.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> Handle(
        ProjectMember member, PutListingRequest request, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!Money.IsPositiveAmount(request.Price))
            return Problems.Invalid("price", "price_must_be_positive",
                $"'price' must be above 0 and at most {Money.MaxAmount}, with at most two decimals.");
        if (!Money.IsKnownCurrency(request.Currency))
            return Problems.Invalid("currency", "unknown_currency", "'currency' must be an ISO 4217 code in use, such as EUR or USD.");

        if (ListingSql.CheckOwner(member) is { } refused)
            return refused;
        var id = member.SpaceId;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var creatorId = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(CreatorOf,
            new { userId = member.UserId }, transaction, cancellationToken: ct));
        if (creatorId is null)
            return Problems.Conflict("creator_profile_required", "Create your creator profile (POST /api/v1/shop/creators/me) before listing a project.");
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(CategoryExists, new { request.CategoryId }, transaction, cancellationToken: ct)))
            return CategorySql.NotFound();

        var before = await connection.QuerySingleOrDefaultAsync<ListingResponse>(new CommandDefinition(Before, new { projectId = id }, transaction, cancellationToken: ct));
        var after = await connection.QuerySingleAsync<ListingResponse>(new CommandDefinition(Upsert, new
        {
            projectId = id,
            creatorId,
            request.CategoryId,
            request.Price,
            request.Currency,
            published = request.Published ?? false,
        }, transaction, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), id, "listing.updated", "listing", id, before, after, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
