using Atrium.Api.Features.Shop.Ledgers;
using Atrium.Api.Features.Shop.Payments;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Features.Shop.Rules;

namespace Atrium.Api.Features.Shop.Orders.UpdateOrder;

/// <summary>Partial update of an order and its payment details: an absent (or null) field stays; an empty text clears it.</summary>
public sealed record UpdateOrderRequest(string? Note, [property: OneOf(typeof(PaymentStatuses), nameof(PaymentStatuses.All))] string? PaymentStatus, string? PaymentProvider, string? PaymentReference, DateTimeOffset? PaidAt)
    : IPaymentChange;

public sealed class UpdateOrderValidator : AbstractValidator<UpdateOrderRequest>
{
    public UpdateOrderValidator()
    {
        RuleFor(r => r.Note).LedgerText("note");
        Include(new PaymentChangeValidator());
    }
}

public sealed class UpdateOrderEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/orders", ShopRoutes.OrdersTag).MapPatch("/{id:long}", Handle)
            .WithNullSemantics("Left out or `null`: the member keeps its value (`paid_at` then defaults to now when the order becomes paid). `note`, `payment_provider` or `payment_reference` `\"\"` clears it; `payment_status` and `paid_at` cannot be cleared.")
            .Validate<UpdateOrderRequest>()
            .WithName("UpdateOrder")
            .WithSummary("Change an order and its payment details together (staff).")
            .WithDescription("Payment moves: pending → paid | failed, failed → pending | paid, paid → refunded (else 409 "
                + "`invalid_payment_transition`); `paid_at` defaults to now when the order becomes paid. An archived order is 409 "
                + "`order_archived`. Not staff: 403 `staff_only`. Writes an `order.updated` platform audit event with the order before and after.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static Task<Results<Ok<OrderResponse>, ProblemHttpResult>> Handle(
        long id, UpdateOrderRequest request, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ShopLedgers.Orders.UpdateAsync<OrderRow, OrderResponse>(id, request.Note, request, caller, http, db, ct);
}
