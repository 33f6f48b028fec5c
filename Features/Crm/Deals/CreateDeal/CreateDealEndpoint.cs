using Atrium.Api.Features.Crm;
using Atrium.Api.Features.Crm.Deals.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Redis;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Deals.CreateDeal;

public sealed record CreateDealRequest(long ContactId, string Title, decimal? Amount, string Currency, string? Status, string? Stage, long? OwnerId);

public sealed class CreateDealValidator : AbstractValidator<CreateDealRequest>
{
    public CreateDealValidator()
    {
        RuleFor(r => r.ContactId).GreaterThan(0);
        RuleFor(r => r.Title).Title();
        RuleFor(r => r.Amount).Amount().When(r => r.Amount is not null);
        RuleFor(r => r.Currency).Currency();
        RuleFor(r => r.Status).Status().When(r => r.Status is not null);
        RuleFor(r => r.Stage).Stage().When(r => r.Stage is not null);
        RuleFor(r => r.OwnerId).GreaterThan(0);
    }
}

public sealed class CreateDealEndpoint : ICarterModule
{
    private const string Insert = $"""
        insert into crm_deals as d (organization_id, contact_id, owner_id, title, amount, currency, status, stage, furthest_stage)
        values (@organizationId, @contactId, @ownerId, @title, @amount, @currency, @status, @stage, @stage)
        returning {DealSql.Columns}
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/deals", CrmRoutes.DealsTag).MapPost("", Handle)
            .Validate<CreateDealRequest>()
            .WithName("CreateDeal")
            .WithSummary("Create a deal with a contact of the organization.")
            .WithDescription("`contact_id` must name a contact of this organization (else 404 `contact_not_found`). "
                + "`amount` defaults to 0 (numeric(14,2), not negative), `currency` is an ISO 4217 code, `status` defaults to `new` "
                + "and `stage` to `qualification`. A deal created `won` needs an amount above 0 (400 `deal_amount_must_be_positive`). "
                + "The caller owns the deal unless `owner_id` names another member, which needs `deals.manage_all`. "
                + "The timeline gets a `system` activity `{event: \"deal_created\", status, stage}`.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Created<DealResponse>, ProblemHttpResult>> Handle(
        OrganizationMember member, CreateDealRequest request, HttpContext http, NpgsqlDataSource db, RedisStore redis, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var ownerId = request.OwnerId ?? member.UserId;
        if (await CrmMembers.CheckHandOverAsync(connection, transaction, member, member.UserId, ownerId, DealRules.ManageAll,
                "Only members with 'deals.manage_all' create deals for others.", ct) is { } refused)
            return refused;

        var state = new DealState(request.Status ?? DealStatuses.New, request.Stage ?? DealStages.Qualification, request.Amount ?? 0);
        if (DealProblems.Of(DealRules.CheckNew(state)) is { } broken)
            return broken;

        var contact = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(DealSql.ContactExists,
            new { organizationId = member.SpaceId, request.ContactId }, transaction, cancellationToken: ct));
        if (contact is null)
            return DealProblems.ContactNotFound();

        var deal = await connection.QuerySingleAsync<DealResponse>(new CommandDefinition(Insert, new
        {
            organizationId = member.SpaceId,
            request.ContactId,
            ownerId,
            title = request.Title.Trim(),
            state.Amount,
            request.Currency,
            state.Status,
            state.Stage,
        }, transaction, cancellationToken: ct));
        await Timeline.WriteAsync(connection, transaction, member.SpaceId, deal.Id, member.UserId, Timeline.System,
            new { Event = "deal_created", deal.Status, deal.Stage }, ct);
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "deal.created", "deal", deal.Id, null, deal, ct);
        await transaction.CommitAsync(ct);
        await DealChanges.BumpAsync(redis, member.SpaceId);
        return TypedResults.Created($"/api/v1/deals/{deal.Id}", deal);
    }
}
