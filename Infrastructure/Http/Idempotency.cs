using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Dapper;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Npgsql;

namespace Atrium.Api.Infrastructure.Http;

/// <summary>
/// <c>Idempotency-Key</c> with Stripe's semantics, for creating routes of signed-in callers. The same key with the same
/// body within 24 hours answers what the first request answered (header <c>Idempotent-Replayed: true</c>); the same key
/// with another body is 422 <c>idempotency_key_reused</c>; while the first request runs, another with its key is 409
/// <c>idempotency_in_progress</c>. Only successful (2xx) answers are kept: a refused request frees its key, so the client
/// can correct it and retry with the same key. Keys are per user, stored in PostgreSQL (<c>idempotency_keys</c>).
/// </summary>
public sealed class IdempotencyFilter<T>(NpgsqlDataSource db, IOptions<JsonOptions> json, string operation) : IEndpointFilter where T : class
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private const string Expire = "delete from idempotency_keys where user_id = @userId and created_at < now() - @lifetime";

    private const string Claim = """
        insert into idempotency_keys (user_id, key, request_hash) values (@userId, @key, @hash)
        on conflict (user_id, key) do nothing
        returning true
        """;

    private const string Existing = "select request_hash, status_code, response_body, location from idempotency_keys where user_id = @userId and key = @key";

    private const string Complete = """
        update idempotency_keys set status_code = @status, response_body = @body, location = @location, completed_at = now()
        where user_id = @userId and key = @key
        """;

    private const string Release = "delete from idempotency_keys where user_id = @userId and key = @key and status_code is null";

    private sealed record Stored(byte[] RequestHash, int? StatusCode, string? ResponseBody, string? Location);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values))
            return await next(context);
        var key = values.ToString();
        if (values.Count != 1 || key.Length is < 1 or > 255 || key.Any(c => c is < '!' or > '~'))
            return Problems.Invalid(Header, "invalid_idempotency_key", $"'{Header}' must be 1–255 printable ASCII characters without spaces.");

        var argument = context.Arguments.OfType<T>().First();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(operation + "\n" + JsonSerializer.Serialize(argument, json.Value.SerializerOptions)));
        var ids = new { userId = http.User.UserId(), key };
        var ct = http.RequestAborted;

        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(Expire, new { ids.userId, Lifetime }, cancellationToken: ct));
            var claimed = await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(Claim,
                new { ids.userId, ids.key, hash }, cancellationToken: ct));
            if (claimed is null)
            {
                var stored = await connection.QuerySingleOrDefaultAsync<Stored>(new CommandDefinition(Existing, ids, cancellationToken: ct));
                if (stored is null)
                    return Problems.Conflict("idempotency_in_progress", "A request with this Idempotency-Key has just finished; retry.");
                if (!stored.RequestHash.AsSpan().SequenceEqual(hash))
                    return Problems.Of(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                        "This Idempotency-Key was used with another request body; use a new key for a new request.");
                if (stored.StatusCode is not { } status)
                    return Problems.Conflict("idempotency_in_progress", "A request with this Idempotency-Key is still running; retry later.");
                http.Response.Headers[ReplayedHeader] = "true";
                if (stored.Location is not null)
                    http.Response.Headers.Location = stored.Location;
                return TypedResults.Text(stored.ResponseBody ?? "", "application/json", Encoding.UTF8, status);
            }
        }

        var kept = false;
        try
        {
            var result = await next(context);
            if (result is not IResult answer)
                return result;
            // run the answer into a buffer so that exactly what the client receives is kept
            var original = http.Response.Body;
            await using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await answer.ExecuteAsync(http);
            }
            finally
            {
                http.Response.Body = original;
            }
            if (http.Response.StatusCode is >= 200 and < 300)
            {
                await using var connection = await db.OpenConnectionAsync(CancellationToken.None);
                await connection.ExecuteAsync(new CommandDefinition(Complete, new
                {
                    ids.userId,
                    ids.key,
                    Status = http.Response.StatusCode,
                    Body = Encoding.UTF8.GetString(buffer.ToArray()),
                    Location = http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                }));
                kept = true;
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original, ct);
            return Results.Empty;
        }
        finally
        {
            if (!kept)
            {
                await using var connection = await db.OpenConnectionAsync(CancellationToken.None);
                await connection.ExecuteAsync(new CommandDefinition(Release, ids));
            }
        }
    }
}

public static class IdempotencyExtensions
{
    /// <summary>Honours <c>Idempotency-Key</c> on this route (after validation), keyed by <paramref name="operation"/> and the <typeparamref name="T"/> body.</summary>
    public static RouteHandlerBuilder Idempotent<T>(this RouteHandlerBuilder builder, string operation) where T : class =>
        builder
            .AddEndpointFilterFactory((factory, next) =>
            {
                var filter = new IdempotencyFilter<T>(factory.ApplicationServices.GetRequiredService<NpgsqlDataSource>(),
                    factory.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>(), operation);
                return invocation => filter.InvokeAsync(invocation, next);
            })
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .AddOpenApiOperationTransformer((op, _, _) =>
            {
                op.Parameters ??= [];
                op.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyFilter<T>.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Makes a retry safe: the same key and body within 24 h answer the first answer again "
                        + "(`Idempotent-Replayed: true`); another body with the key is 422 `idempotency_key_reused`; while the first "
                        + "request runs, 409 `idempotency_in_progress`. 1–255 printable ASCII characters.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                });
                return Task.CompletedTask;
            });
}
