using System.Text.Json;
using Dapper;
using Npgsql;
using Atrium.Api.Features.Crm.Deals.Rules;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Crm;

/// <summary>
/// The activity timeline of a deal. Slices write the events of their changes here, in the transaction of the change.
/// </summary>
public static class Timeline
{
    /// <summary>The events of <see cref="System"/> activities.</summary>
    public static readonly IReadOnlyList<string> DealCreatedEvent = ["deal_created"];
    public static readonly IReadOnlyList<string> TaskCompletedEvent = ["task_completed"];

    public const string Comment = "comment";
    public const string StatusChanged = "status_changed";
    public const string StageChanged = "stage_changed";
    public const string TaskCreated = "task_created";
    public const string System = "system";

    public static readonly IReadOnlyList<string> Types = [Comment, StatusChanged, StageChanged, TaskCreated, System];

    /// <summary>The types a client may post (the others are written by the changes themselves).</summary>
    public static readonly IReadOnlyList<string> ClientTypes = [Comment];

    private const string Insert = """
        insert into crm_activities (organization_id, deal_id, author_id, type, payload)
        values (@organizationId, @dealId, @authorId, @type, @payload::jsonb)
        returning id
        """;

    private static readonly JsonSerializerOptions Json = Atrium.Api.Infrastructure.Json.JsonSetup.Options;

    /// <summary>Appends one activity to the deal's timeline; <paramref name="payload"/> is stored as a JSON object (snake_case).</summary>
    public static Task<long> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long organizationId, long dealId,
        long? authorId, string type, object payload, CancellationToken ct) =>
        connection.QuerySingleAsync<long>(new CommandDefinition(Insert, new
        {
            organizationId,
            dealId,
            authorId,
            type,
            payload = payload as string ?? JsonSerializer.Serialize(payload, Json),
        }, transaction, cancellationToken: ct));
}

/// <summary>The payload of a <c>comment</c>: the text a member wrote.</summary>
public sealed record CommentPayload(string Text);

/// <summary>The payload of <c>status_changed</c>: the deal's status before and after.</summary>
public sealed record StatusChangePayload(
    [property: OneOf(typeof(DealStatuses), nameof(DealStatuses.All))] string From,
    [property: OneOf(typeof(DealStatuses), nameof(DealStatuses.All))] string To);

/// <summary>The payload of <c>stage_changed</c>: the deal's stage before and after.</summary>
public sealed record StageChangePayload(
    [property: OneOf(typeof(DealStages), nameof(DealStages.Pipeline))] string From,
    [property: OneOf(typeof(DealStages), nameof(DealStages.Pipeline))] string To);

/// <summary>The payload of <c>task_created</c>: the new task of the deal.</summary>
public sealed record TaskCreatedPayload(long TaskId, string Title);

/// <summary>The payload of a <c>system</c> activity written when the deal is created.</summary>
public sealed record DealCreatedPayload(
    [property: OneOf(typeof(Timeline), nameof(Timeline.DealCreatedEvent))] string Event,
    [property: OneOf(typeof(DealStatuses), nameof(DealStatuses.All))] string Status,
    [property: OneOf(typeof(DealStages), nameof(DealStages.Pipeline))] string Stage);

/// <summary>The payload of a <c>system</c> activity written when a task of the deal is done.</summary>
public sealed record TaskCompletedPayload(
    [property: OneOf(typeof(Timeline), nameof(Timeline.TaskCompletedEvent))] string Event, long TaskId, string Title);
