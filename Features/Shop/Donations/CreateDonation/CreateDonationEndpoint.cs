using Atrium.Api.Features.Shop.Ledgers;
using Atrium.Api.Features.Shop.Listings;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Validation;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Donations.CreateDonation;

/// <summary>One project and the amount given to it.</summary>
public sealed record DonationItemRequest(long ProjectId, decimal Amount);

/// <summary>An amount per project (no split rule to guess): the total is their sum.</summary>
public sealed record CreateDonationRequest(DonationItemRequest[] Items, string Currency, string? Message);

public sealed class CreateDonationValidator : AbstractValidator<CreateDonationRequest>
{
    public const int MaxItems = 50;

    public CreateDonationValidator()
    {
        RuleFor(r => r.Items).NotNull().WithMessage("'items' is required.")
            .Must(items => items is { Length: >= 1 and <= MaxItems }).WithMessage($"'items' must name 1–{MaxItems} projects.");
        RuleForEach(r => r.Items).Must(i => i is not null && i.ProjectId > 0).WithMessage("Every item needs a 'project_id' above 0.");
        RuleFor(r => r.Currency).NotNull().WithMessage("'currency' is required.");
        RuleFor(r => r.Message).LedgerText("message");
    }
}

public sealed class CreateDonationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/donations", ShopRoutes.DonationsTag).MapPost("", Handle)
            .Validate<CreateDonationRequest>()
            .Idempotent<CreateDonationRequest>("CreateDonation")
            .WithName("CreateDonation")
            .WithSummary("Give to one or more listed projects: an amount per project, in one currency, with pending payment details.")
            .WithDescription("Each `items[].amount` must be above 0 (400 `donation_amount_must_be_positive`), `currency` an ISO 4217 code in use "
                + "(400 `unknown_currency`); every project listed and published (400 `project_not_available`), each once (400 "
                + "`duplicate_project`), none of the donor's own (400 `own_project`). The total is the sum of the amounts. "
                + "Writes a `donation.created` platform audit event.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<Results<Created<DonationResponse>, ProblemHttpResult>> Handle(
        CreateDonationRequest request, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (request.Items.FirstOrDefault(i => !Money.IsPositiveAmount(i.Amount)) is { } bad)
            return Problems.Invalid("items", "donation_amount_must_be_positive",
                $"The amount for project {bad.ProjectId} must be above 0 and at most {Money.MaxAmount}, with at most two decimals.");
        if (!Money.IsKnownCurrency(request.Currency))
            return Problems.Invalid("currency", "unknown_currency", "'currency' must be an ISO 4217 code in use, such as EUR or USD.");

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (projects, refused) = await AvailableProjects.ReadAsync(connection, transaction, request.Items.Select(i => i.ProjectId).ToArray(), caller.Id, ct);
        if (refused is not null)
            return refused;

        var donation = await ShopLedgers.Donations.CreateAsync<DonationRow>(connection, transaction, caller, http, request.Currency,
            request.Message, projects, request.Items.Select(i => i.Amount), ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/donations/{donation.Id}", donation.For(caller));
    }
}
