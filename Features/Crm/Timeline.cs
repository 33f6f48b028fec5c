using System.Text.Json;
using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Crm;

/// <summary>
/// The activity timeline of a deal. Slices write the events of their changes here, in the transaction of the change.
/// </summary>
public static class Timeline
{
    public const string Comment = "comment";
    public const string StatusChanged = "status_changed";
    public const string StageChanged = "stage_changed";
    public const string TaskCreated = "task_created";
    public const string System = "system";

    public static readonly IReadOnlyList<string> Types = [Comment, StatusChanged, StageChanged, TaskCreated, System];

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
