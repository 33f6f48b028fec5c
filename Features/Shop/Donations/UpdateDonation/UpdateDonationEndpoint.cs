using Atrium.Api.Features.Shop.Payments;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Donations.UpdateDonation;

/// <summary>Partial update of a donation and its payment details: an absent (or null) field stays; an empty text clears it.</summary>
public sealed record UpdateDonationRequest(string? Message, string? PaymentStatus, string? PaymentProvider, string? PaymentReference, DateTimeOffset? PaidAt)
    : IPaymentChange;

public sealed class UpdateDonationValidator : AbstractValidator<UpdateDonationRequest>
{
    public UpdateDonationValidator()
    {
        RuleFor(r => r.Message).Must(n => n is null || (n.Length <= 2000 && !n.Contains('\0')))
            .WithMessage("'message' must be at most 2000 characters (no NUL).");
        Include(new PaymentChangeValidator());
    }
}

public sealed class UpdateDonationEndpoint : ICarterModule
{
    private const string Update = """
        update shop_donations d set message = case when @Message::text is null then d.message else nullif(@Message, '') end
        where d.id = @Id
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/donations", ShopRoutes.DonationsTag).MapPatch("/{id:long}", Handle)
            .Validate<UpdateDonationRequest>()
            .WithName("UpdateDonation")
            .WithSummary("Change a donation and its payment details together (staff).")
            .WithDescription("Payment moves: pending → paid | failed, failed → pending | paid, paid → refunded (else 409 "
                + "`invalid_payment_transition`); `paid_at` defaults to now when the donation becomes paid. An archived donation is 409 "
                + "`donation_archived`. Not staff: 403 `staff_only`. Writes a `donation.updated` platform audit event with the donation before and after.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<DonationResponse>, ProblemHttpResult>> Handle(
        long id, UpdateDonationRequest request, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await DonationSql.LockVisibleAsync(connection, transaction, id, caller, ct) is null)
            return DonationSql.NotFound();
        if (!caller.IsStaff)
            return Problems.ForbiddenBy("staff_only", "Only staff change donations and their payment details.");
        var before = (await DonationSql.ReadVisibleAsync(connection, id, caller, ct, transaction))!;
        if (before.ArchivedAt is not null)
            return DonationSql.Archived();
        await connection.ExecuteAsync(new CommandDefinition(Update, new { Id = id, request.Message }, transaction, cancellationToken: ct));
        if (await PaymentSql.ApplyAsync(connection, transaction, DonationSql.Payments, "donation_id", id, before.Payment.Status, request, ct) is { } refused)
            return refused;
        var after = (await DonationSql.ReadVisibleAsync(connection, id, caller, ct, transaction))!;
        await PlatformAuditLog.WriteAsync(connection, transaction, AuditActor.From(http), "donation.updated", "donation", id, before, after, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(after.For(caller));
    }
}
