using System.Text.Json;
using Atrium.Api.Infrastructure.Jobs;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Spaces.DeleteSpace;

/// <summary>The job that a deletion leaves behind: <c>{space_id}</c>, due when the restore period ends.</summary>
public sealed record PurgeDeletedSpacePayload(long SpaceId);

/// <summary>
/// Removes a deleted space for good once its restore period is over; the delete cascades through everything in
/// it (the audit events stay). A space restored in the meantime, or deleted again later (which leaves a job of its
/// own), is left alone, so running the job twice or early does nothing.
/// </summary>
public sealed class PurgeDeletedSpace(NpgsqlDataSource db, IOptions<SpacesOptions> options, ILogger<PurgeDeletedSpace> logger) : IJobHandler
{
    public const string JobKind = "spaces.purge";

    private const string Purge = """
        delete from spaces
        where id = @spaceId and deleted_at is not null and deleted_at <= now() - make_interval(days => @days)
        """;

    public string Kind => JobKind;

    public async Task RunAsync(Job job, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<PurgeDeletedSpacePayload>(job.Payload, JobJson.Options)
            ?? throw new JsonException("A purge job without a payload.");
        await using var connection = await db.OpenConnectionAsync(ct);
        var purged = await connection.ExecuteAsync(new CommandDefinition(Purge,
            new { spaceId = payload.SpaceId, days = options.Value.RestoreDays }, cancellationToken: ct));
        if (purged > 0)
            logger.LogInformation("Purged deleted space {SpaceId}", payload.SpaceId);
    }
}
