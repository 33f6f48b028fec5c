using System.Text.Json;
using Dapper;
using Npgsql;

namespace Atrium.Api.Infrastructure.Jobs;

/// <summary>
/// Writes a job in the caller's transaction, so it exists exactly when its cause commits; the commit
/// wakes the workers (<c>NOTIFY atrium_jobs</c> from a trigger). Payloads are stored as snake_case JSON.
/// </summary>
public static class Outbox
{
    private const string Insert = """
        insert into jobs (kind, payload, run_at) values (@kind, @payload::jsonb, now() + make_interval(secs => @delaySeconds))
        returning id
        """;

    /// <summary>Writes the job, due at once or, with <paramref name="delay"/>, that long after the transaction's start.</summary>
    public static Task<long> EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string kind, object payload, CancellationToken ct,
        TimeSpan? delay = null) =>
        connection.QuerySingleAsync<long>(new CommandDefinition(Insert,
            new { kind, payload = JsonSerializer.Serialize(payload, JobJson.Options), delaySeconds = (delay ?? TimeSpan.Zero).TotalSeconds },
            transaction, cancellationToken: ct));
}

/// <summary>The JSON shape of payloads, shared by writers and handlers.</summary>
public static class JobJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.JsonSetup.Apply(options);
        return options;
    }
}
