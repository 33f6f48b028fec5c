using System.Text.Json;
using Atrium.Api.Features.Crm;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Atrium.Api.Infrastructure.Json;
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
        RuleFor(r => r.Payload).Cascade(CascadeMode.Stop).NotNull().WithMessage("'payload' is required: {\"text\": \"…\"}.")
            .StorableObject(MaxPayloadBytes)
            .Must(p => p!.Value.EnumerateObject().All(k => k.NameEquals("text")))
            .WithMessage("'payload' holds only 'text'; other keys are not stored.")
            .Must(p => p!.Value.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
                && text.GetString()!.Trim().Length is >= 1 and <= MaxTextLength)
            .WithMessage($"'payload' must be an object with a non-empty 'text' of at most {MaxTextLength} characters.")
            .When(r => r.Type == Timeline.Comment); // another type is refused by the handler with its own code
    }
}

public sealed class CreateCommentEndpoint : ICarterModule
{
    private const string Select = $"select {ActivitySql.Columns} from crm_activities a where a.id = @id";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapCrmGroup("/deals", CrmRoutes.ActivitiesTag).MapPost("/{id:long}/activities", Handle)
            .Validate<CreateActivityRequest>()
            .WithName("CreateDealComment")
            .WithSummary("Comment on a deal's timeline.")
            .WithDescription("Clients post only `{\"type\": \"comment\", \"payload\": {\"text\": \"…\"}}`; any other type is "
                + "400 `activity_type_not_allowed` (status, stage and task events are written by the changes themselves). "
                + "The payload holds only `text`; any other key is 400. Every member may comment on every deal of the organization.")
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
        var activity = (await connection.QuerySingleAsync<ActivitySql.Row>(new CommandDefinition(Select, new { id = activityId },
            transaction, cancellationToken: ct))).ToResponse();
        await AuditLog.WriteAsync(connection, transaction, AuditActor.From(http), member.SpaceId, "activity.created", "activity", activityId,
            null, activity, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/deals/{id}/activities", activity);
    }
}
