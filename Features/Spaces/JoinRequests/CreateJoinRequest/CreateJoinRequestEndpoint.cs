using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using Atrium.Api.Infrastructure.Configuration;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.JoinRequests.CreateJoinRequest;

public sealed record CreateJoinRequestRequest(string? Message);

public sealed class CreateJoinRequestValidator : AbstractValidator<CreateJoinRequestRequest>
{
    public CreateJoinRequestValidator() => RuleFor(r => r.Message).MaximumLength(2000);
}

public sealed class CreateJoinRequestEndpoint : ICarterModule
{
    private const string Insert = """
        insert into join_requests (space_id, user_id, message) values (@spaceId, @userId, @message) returning id
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPost("/join-requests", Handle)
                .Validate<CreateJoinRequestRequest>()
                .WithName(SpacesRoutes.Name(kind, "CreateJoinRequest"))
                .WithSummary("Ask to join a public space.")
                .WithDescription("A private space is 404. Members get 409 `already_member`; a second pending request of the same user is "
                    + "409 `join_request_pending`.")
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status429TooManyRequests)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<JoinRequestResponse>, ProblemHttpResult>> Handle(
        ViewerOfSpace space, CreateJoinRequestRequest request, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db,
        RateLimiter limiter, IOptions<SpacesOptions> options, CancellationToken ct)
    {
        var userId = user.UserId();
        var limit = await limiter.HitAsync("join-requests:" + userId, options.Value.JoinRequestsPerUser);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (space.Member is not null)
            return SpaceProblems.AlreadyMember();

        long requestId;
        try
        {
            requestId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(Insert, new
            {
                spaceId = space.Id,
                userId,
                message = string.IsNullOrWhiteSpace(request.Message) ? null : request.Message.Trim(),
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.IsUniqueViolation("join_requests_one_pending"))
        {
            return Problems.Conflict("join_request_pending", "You already have a pending request to join this space.");
        }
        var created = (await JoinRequestResponse.ReadAsync(connection, tx, requestId, ct))!;
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), space.Id, "join_request.created", "join_request", requestId, null, created, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/me/join-requests/{requestId}", created);
    }
}
