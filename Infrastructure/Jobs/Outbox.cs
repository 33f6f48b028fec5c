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
    private const string Insert = "insert into jobs (kind, payload) values (@kind, @payload::jsonb) returning id";

    public static Task<long> EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string kind, object payload, CancellationToken ct) =>
        connection.QuerySingleAsync<long>(new CommandDefinition(Insert,
            new { kind, payload = JsonSerializer.Serialize(payload, JobJson.Options) }, transaction, cancellationToken: ct));
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
