using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.UpdateSpace;

/// <summary>
/// What a PATCH or PUT of a space writes: a null <see cref="Name"/>, <see cref="Visibility"/> or <see cref="Settings"/> keeps
/// the value; the description changes only when <see cref="DescriptionSet"/> (null or blank then clears it).
/// </summary>
public sealed record SpaceChanges(string? Name, bool DescriptionSet, string? Description, string? Visibility, string? Settings);

/// <summary>
/// Applies <see cref="SpaceChanges"/> to a space, for PATCH and PUT alike: <c>space.update</c> (403) → the row locked for the
/// transaction → stale <c>If-Match</c> (412, nothing written) → the update and its <c>space.updated</c> audit event.
/// </summary>
public static class SpaceUpdate
{
    private const string Update = """
        update spaces
        set name = coalesce(@name, name),
            description = case when @descriptionSet then nullif(btrim(@description), '') else description end,
            visibility = coalesce(@visibility, visibility),
            settings = coalesce(@settings::jsonb, settings)
        where id = @spaceId
        """;

    public static async Task<Results<Ok<SpaceResponse>, ProblemHttpResult>> ApplyAsync(
        MemberOfSpace caller, SpaceChanges changes, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var userId = user.UserId();
        if (caller.Require(SpacePermissions.SpaceUpdate) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        var before = (await SpaceResponse.ReadVersionedAsync(connection, caller.SpaceId, userId, ct, tx, forUpdate: true))!;
        if (Preconditions.Stale(http, before.ETag()) is { } stale)
            return stale;
        await connection.ExecuteAsync(new CommandDefinition(Update, new
        {
            spaceId = caller.SpaceId,
            name = changes.Name?.Trim(),
            descriptionSet = changes.DescriptionSet,
            description = changes.Description,
            visibility = changes.Visibility,
            settings = changes.Settings,
        }, tx, cancellationToken: ct));
        var after = (await SpaceResponse.ReadVersionedAsync(connection, caller.SpaceId, userId, ct, tx))!;
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "space.updated", "space", caller.SpaceId,
            before.Value, after.Value, ct);
        await tx.CommitAsync(ct);
        Preconditions.Stamp(http, after.ETag());
        return TypedResults.Ok(after.Value);
    }
}
