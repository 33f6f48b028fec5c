using Atrium.Api.Features.Shop.Catalog;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Creators.GetCreator;

/// <summary>A creator's public page: the profile and the published listings, newest first.</summary>
public sealed record CreatorPageResponse(long Id, long UserId, string DisplayName, string? Bio, string? Website, DateTime CreatedAt,
    IReadOnlyList<CatalogItem> Projects);

public sealed class GetCreatorEndpoint : ICarterModule
{
    private const string Sql = $"""
        select {CreatorSql.Columns} from shop_creators c where c.id = @id;
        select {CatalogSql.Columns} from {CatalogSql.From}
        where l.creator_id = @id and l.published
        order by l.listed_at desc, l.project_id desc
        limit 100;
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapShopGroup("/creators", ShopRoutes.CreatorsTag).MapGet("/{id:long}", Handle)
            .WithName("GetCreator")
            .WithSummary("A creator's public page with their listed projects (public).")
            .WithDescription("`projects` are the creator's published listings, newest first, at most 100; "
                + "`GET /shop/projects?creator_id=` pages through all of them.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<CreatorPageResponse>, ProblemHttpResult>> Handle(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var rows = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new { id }, cancellationToken: ct));
        var creator = await rows.ReadSingleOrDefaultAsync<CreatorResponse>();
        var projects = (await rows.ReadAsync<CatalogItem>()).AsList();
        return creator is null
            ? CreatorSql.NotFound()
            : TypedResults.Ok(new CreatorPageResponse(creator.Id, creator.UserId, creator.DisplayName, creator.Bio, creator.Website,
                creator.CreatedAt, projects));
    }
}
