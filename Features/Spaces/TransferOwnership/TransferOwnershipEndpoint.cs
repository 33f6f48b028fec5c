using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.TransferOwnership;

public sealed record TransferOwnershipRequest(long UserId);

public sealed class TransferOwnershipValidator : AbstractValidator<TransferOwnershipRequest>
{
    public TransferOwnershipValidator() => RuleFor(r => r.UserId).GreaterThan(0);
}

public sealed class TransferOwnershipEndpoint : ICarterModule
{
    // The old owner steps down first: at most one owner row may exist at any moment (memberships_one_owner);
    // "exactly one, named in spaces.owner_id" is checked at commit.
    private const string Transfer = """
        update memberships set role = 'admin' where space_id = @spaceId and user_id = @from;
        update memberships set role = 'owner' where space_id = @spaceId and user_id = @to;
        update spaces set owner_id = @to where id = @spaceId;
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPost("/transfer-ownership", Handle)
                .Validate<TransferOwnershipRequest>()
                .WithName(SpacesRoutes.Name(kind, "TransferOwnership"))
                .WithSummary("Hand the space to another member (owner only); the previous owner becomes admin.")
                .WithDescription("403 `owner_only` for anyone but the owner; the target must be a member (404); to oneself is 409; a transfer that raced another and lost is 409 `ownership_changed`. "
                    + "`If-Match` is optional; when sent it must match the space's `ETag` (412 `etag_mismatch`); the answer carries the new `ETag`.")
                .WithETag(ifMatch: true)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<Results<Ok<SpaceResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, TransferOwnershipRequest request, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var callerId = user.UserId();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!caller.IsOwner)
            return Problems.ForbiddenBy("owner_only", "Only the owner can transfer the ownership.");
        if (request.UserId == callerId)
            return Problems.Conflict("already_owner", "You already own this space.");
        // Two transfers at once: the second waits here for the first to commit, then finds the owner changed.
        var before = (await SpaceResponse.ReadVersionedAsync(connection, caller.SpaceId, callerId, ct, tx, forUpdate: true))!;
        if (before.Value.OwnerId != callerId)
            return Problems.Conflict("ownership_changed", "The ownership of this space changed while the request waited; read it again.");
        if (Preconditions.Stale(http, before.ETag()) is { } stale)
            return stale;
        var targetRole = await Memberships.RoleAsync(connection, tx, caller.SpaceId, request.UserId, ct);
        if (targetRole is null)
            return SpaceProblems.MemberNotFound();

        await connection.ExecuteAsync(new CommandDefinition(Transfer, new { spaceId = caller.SpaceId, from = callerId, to = request.UserId }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "ownership.transferred", "space", caller.SpaceId,
            new { owner_id = callerId, new_owner_previous_role = targetRole }, new { owner_id = request.UserId, previous_owner_role = Roles.Admin }, ct);
        var after = (await SpaceResponse.ReadVersionedAsync(connection, caller.SpaceId, callerId, ct, tx))!;
        await tx.CommitAsync(ct);
        Preconditions.Stamp(http, after.ETag());
        return TypedResults.Ok(after.Value);
    }
}
