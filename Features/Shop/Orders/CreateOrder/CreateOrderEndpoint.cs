using Atrium.Api.Features.Shop.Ledgers;
using Atrium.Api.Features.Shop.Listings;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Orders.CreateOrder;

public sealed record CreateOrderRequest(long[] ProjectIds, string? Note);

public sealed class CreateOrderValidator : AbstractValidator<CreateOrderRequest>
{
    public const int MaxItems = 50;

    public CreateOrderValidator()
    {
        RuleFor(r => r.ProjectIds).NotNull().WithMessage("'project_ids' is required.")
            .Must(ids => ids is { Length: >= 1 and <= MaxItems }).WithMessage($"'project_ids' must name 1–{MaxItems} projects.");
        RuleForEach(r => r.ProjectIds).GreaterThan(0).WithMessage("Every project id must be above 0.");
        RuleFor(r => r.Note).LedgerText("note");
    }
}

public sealed class CreateOrderEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/orders", ShopRoutes.OrdersTag).MapPost("", Handle)
            .Validate<CreateOrderRequest>()
            .Idempotent<CreateOrderRequest>("CreateOrder")
            .WithName("CreateOrder")
            .WithSummary("Order projects: the order, its items at today's listed prices and its payment details (pending), in one transaction.")
            .WithDescription("Every project must be listed and published (else 400 `project_not_available`, naming them in `project_ids`); "
                + "a project named twice is 400 `duplicate_project`; all items must share one currency (400 `mixed_currencies`); "
                + "nobody orders their own project (400 `own_project`: a creator's own purchase would count as popularity). "
                + "The total is the sum of the items. Writes an `order.created` platform audit event.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<Results<Created<OrderResponse>, ProblemHttpResult>> Handle(
        CreateOrderRequest request, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (items, refused) = await AvailableProjects.ReadAsync(connection, transaction, request.ProjectIds, caller.Id, ct);
        if (refused is not null)
            return refused;
        var currencies = items.Select(p => p.Currency).Distinct().Order().ToArray();
        if (currencies.Length > 1)
            return Problems.Invalid("project_ids", "mixed_currencies",
                $"One order has one currency; these projects are priced in {string.Join(", ", currencies)}. Order them separately.");

        var order = await ShopLedgers.Orders.CreateAsync<OrderRow>(connection, transaction, caller, http, currencies[0], request.Note,
            items, items.Select(i => i.Price), ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/orders/{order.Id}", order.For(caller));
    }
}
