using System.Text.Json;
using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Activities.CreateComment;

public sealed record CreateActivityRequest(string? Type, JsonElement? Payload);

public sealed class CreateActivityValidator : AbstractValidator<CreateActivityRequest>
{
    public const int MaxTextLength = 10_000;
    public const int MaxPayloadBytes = 32 * 1024;

    public CreateActivityValidator()
    {
        RuleFor(r => r.Type).NotEmpty().WithMessage("'type' is required; clients post only 'comment'.");
        RuleFor(r => r.Payload).Must(p => p is { ValueKind: JsonValueKind.Object } o
                && o.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
                && text.GetString()!.Trim().Length is >= 1 and <= MaxTextLength)
            .WithMessage($"'payload' must be an object with a non-empty 'text' of at most {MaxTextLength} characters.");
        RuleFor(r => r.Payload).Must(p => p is null || p.Value.GetRawText().Length <= MaxPayloadBytes)
            .WithMessage($"'payload' must be at most {MaxPayloadBytes} bytes of JSON.");
        // PostgreSQL's jsonb cannot hold the NUL character.
        RuleFor(r => r.Payload).Must(p => p is null || !p.Value.GetRawText().Contains("\\u0000", StringComparison.OrdinalIgnoreCase))
            .WithMessage("'payload' must not contain the NUL character.");
    }
}

public sealed class CreateCommentEndpoint : ICarterModule
{
    private const string Select = $"select {ActivitySql.Columns} from crm_activities a where a.id = @Id";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/deals", CrmRoutes.ActivitiesTag).MapPost("/{id:long}/activities", Handle)
            .Validate<CreateActivityRequest>()
            .WithName("CreateDealComment")
            .WithSummary("Comment on a deal's timeline.")
            .WithDescription("Clients post only `{\"type\": \"comment\", \"payload\": {\"text\": \"…\"}}`; any other type is "
                + "400 `activity_type_not_allowed` (status, stage and task events are written by the changes themselves). "
                + "Other keys of the payload are kept as they are. Every member may comment on every deal of the organization.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Created<ActivityResponse>, ProblemHttpResult>> Handle(
        OrganizationMember member, long id, CreateActivityRequest request, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (request.Type != Timeline.Comment)
            return Problems.Invalid("type", "activity_type_not_allowed", "Clients may post only activities of type 'comment'.");

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await CrmDeals.ExistsAsync(connection, transaction, member.SpaceId, id, ct))
            return CrmDeals.NotFound();

        var activityId = await Timeline.WriteAsync(connection, transaction, member.SpaceId, id, member.UserId, Timeline.Comment,
            request.Payload!.Value.GetRawText(), ct);
        var activity = (await connection.QuerySingleAsync<ActivitySql.Row>(new CommandDefinition(Select, new { Id = activityId },
            transaction, cancellationToken: ct))).ToResponse();
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "activity.created", "activity", activityId,
            null, activity, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/deals/{id}/activities", activity);
    }
}
