using Atrium.Api.Features.Crm;
using Atrium.Api.Features.Crm.Deals.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Redis;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Deals.UpdateStage;

/// <summary>Partial update of a deal: an absent (or null) field stays as it is.</summary>
public sealed record UpdateStageRequest([property: OneOf(typeof(DealStatuses), nameof(DealStatuses.All))] string? Status, [property: OneOf(typeof(DealStages), nameof(DealStages.Pipeline))] string? Stage, string? Title, decimal? Amount, string? Currency, long? ContactId, long? OwnerId);

public sealed class UpdateStageValidator : AbstractValidator<UpdateStageRequest>
{
    public UpdateStageValidator()
    {
        RuleFor(r => r.Status).Status().When(r => r.Status is not null);
        RuleFor(r => r.Stage).Stage().When(r => r.Stage is not null);
        RuleFor(r => r.Title).Title().When(r => r.Title is not null);
        RuleFor(r => r.Amount).Amount().When(r => r.Amount is not null);
        RuleFor(r => r.Currency).Currency().When(r => r.Currency is not null);
        RuleFor(r => r.ContactId).GreaterThan(0);
        RuleFor(r => r.OwnerId).GreaterThan(0);
    }
}

public sealed class UpdateStageEndpoint : ICarterModule
{
    // furthest_stage keeps the furthest stage the deal ever held (the funnel's "reached").
    private const string Update = $"""
        update crm_deals d
        set status = @status, stage = @stage, title = @title, amount = @amount, currency = @currency,
            contact_id = @contactId, owner_id = @ownerId,
            furthest_stage = case when crm_stage_rank(@stage) > crm_stage_rank(d.furthest_stage) then @stage else d.furthest_stage end
        where d.organization_id = @organizationId and d.id = @id
        returning {DealSql.Columns}, d.version
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/deals", CrmRoutes.DealsTag).MapPatch("/{id:long}", Handle)
            .WithNullSemantics("Left out or `null`: the member keeps its value; no member of a deal can be cleared.")
            .Validate<UpdateStageRequest>()
            .WithName("UpdateDeal")
            .WithSummary("Change a deal: its status and stage, and its other fields.")
            .WithDescription("A member changes only deals they own; `deals.manage_all` (manager and up) changes any (else 403 `permission_denied`). "
                + "The stage moves forward freely (stages may be skipped); moving it backwards needs `deals.stage_rollback` — owner and admin — "
                + "else 403 `stage_rollback_forbidden`. A deal is `won` only with an amount above 0 (400 `deal_amount_must_be_positive`, "
                + "also when lowering the amount of a won deal). A status change writes a `status_changed` activity and a stage change "
                + "a `stage_changed` activity, each with payload `{from, to}`, in the same transaction. `contact_id` must be a contact of "
                + "this organization (404 `contact_not_found`); `owner_id` hands the deal to another member and needs `deals.manage_all`. "
                + "A request that changes nothing returns the deal unchanged and writes nothing. `If-Match` is optional; when sent it "
                + "must match the deal's `ETag` (412 `etag_mismatch`, nothing written); the answer carries the new `ETag`.")
            .WithETag(ifMatch: true)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<Results<Ok<DealResponse>, ProblemHttpResult>> Handle(
        OrganizationMember member, long id, UpdateStageRequest request, HttpContext http, NpgsqlDataSource db, RedisStore redis, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var locked = await connection.QueryVersionedAsync<DealResponse>(new CommandDefinition(DealSql.SelectForUpdate,
            new { organizationId = member.SpaceId, id }, transaction, cancellationToken: ct));
        if (locked is null)
            return CrmDeals.NotFound();
        if (Preconditions.Stale(http, locked.ETag()) is { } stale)
            return stale;
        var before = locked.Value;
        if (!member.MayChange(before.OwnerId, DealRules.ManageAll))
            return Problems.Forbidden(DealRules.ManageAll, "Members change only their own deals.");

        var wanted = before with
        {
            Status = request.Status ?? before.Status,
            Stage = request.Stage ?? before.Stage,
            Title = request.Title?.Trim() ?? before.Title,
            Amount = request.Amount ?? before.Amount,
            Currency = request.Currency ?? before.Currency,
            ContactId = request.ContactId ?? before.ContactId,
            OwnerId = request.OwnerId ?? before.OwnerId,
        };
        if (wanted == before)
        {
            Preconditions.Stamp(http, locked.ETag());
            return TypedResults.Ok(before);
        }

        if (await CrmMembers.CheckHandOverAsync(connection, transaction, member, before.OwnerId, wanted.OwnerId, DealRules.ManageAll,
                "Handing a deal to another member needs 'deals.manage_all'.", ct) is { } refused)
            return refused;

        var violation = DealRules.CheckChange(
            new DealState(before.Status, before.Stage, before.Amount),
            new DealState(wanted.Status, wanted.Stage, wanted.Amount),
            member.Has(DealRules.StageRollback));
        if (DealProblems.Of(violation) is { } broken)
            return broken;

        if (wanted.ContactId != before.ContactId
            && await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(DealSql.ContactExists,
                new { organizationId = member.SpaceId, wanted.ContactId }, transaction, cancellationToken: ct)) is null)
            return DealProblems.ContactNotFound();

        var written = (await connection.QueryVersionedAsync<DealResponse>(new CommandDefinition(Update, new
        {
            organizationId = member.SpaceId,
            id,
            wanted.Status,
            wanted.Stage,
            wanted.Title,
            wanted.Amount,
            wanted.Currency,
            wanted.ContactId,
            wanted.OwnerId,
        }, transaction, cancellationToken: ct)))!;
        var after = written.Value;

        if (after.Status != before.Status)
            await Timeline.WriteAsync(connection, transaction, member.SpaceId, id, member.UserId, Timeline.StatusChanged,
                new StatusChangePayload(before.Status, after.Status), ct);
        if (after.Stage != before.Stage)
            await Timeline.WriteAsync(connection, transaction, member.SpaceId, id, member.UserId, Timeline.StageChanged,
                new StageChangePayload(before.Stage, after.Stage), ct);
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "deal.updated", "deal", id, before, after, ct);
        await transaction.CommitAsync(ct);
        await DealChanges.BumpAsync(redis, member.SpaceId);
        Preconditions.Stamp(http, written.ETag());
        return TypedResults.Ok(after);
    }
}
