using Atrium.Api.Features.Spaces.Members;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces.JoinRequests;

public sealed record JoinRequestResponse(
    long Id, SpaceSummary Space, MemberUser User, [property: OneOf(typeof(JoinRequestResponse), nameof(JoinRequestResponse.Statuses))] string Status, string? Message, string? Reason,
    long? DecidedBy, DateTime? DecidedAt, DateTime CreatedAt)
{
    /// <summary>The JSON of the request <c>r</c> of the space <c>s</c> by the user <c>u</c>.</summary>
    public const string Json = $"""
        json_build_object(
            'id', r.id, 'space', {SpaceSummary.Json},
            'user', json_build_object('id', u.id, 'username', u.username, 'name', u.name, 'email', u.email),
            'status', r.status, 'message', r.message, 'reason', r.reason,
            'decided_by', r.decided_by, 'decided_at', utc_iso(r.decided_at), 'created_at', utc_iso(r.created_at))
        """;

    public const string Joins = "join spaces s on s.id = r.space_id join users u on u.id = r.user_id";

    public const string From = "from join_requests r " + Joins;

    private const string One = $"select {Json} {From} where r.id = @requestId";

    public static Task<JoinRequestResponse?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long requestId, CancellationToken ct) =>
        connection.QueryJsonAsync<JoinRequestResponse>(new CommandDefinition(One, new { requestId }, tx, cancellationToken: ct));

    public static readonly IReadOnlyList<string> Statuses = ["pending", "approved", "rejected", "withdrawn"];

    public static ProblemHttpResult NotFound() => Problems.NotFound("join_request_not_found", "No join request of this space has this id.");

    public static ProblemHttpResult NotPending(string status) =>
        Problems.Conflict("join_request_not_pending", $"The join request is {status}, not pending.");
}
