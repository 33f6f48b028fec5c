using Atrium.Api.Features.Spaces.Members;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Features.Spaces.Rules;

namespace Atrium.Api.Features.Spaces.Invitations;

/// <summary>
/// An invitation. <c>user</c> is null while the invited address has no account. <c>status</c> reads
/// <c>expired</c> for a pending invitation past <c>expires_at</c>.
/// </summary>
public sealed record InvitationResponse(
    long Id, SpaceSummary Space, MemberUser? User, string? Email, [property: OneOf(typeof(RoleRules), nameof(RoleRules.Assignable))] string Role, long[] GroupIds, [property: OneOf(typeof(InvitationResponse), nameof(InvitationResponse.Statuses))] string Status,
    long? InvitedBy, DateTime ExpiresAt, DateTime? DecidedAt, DateTime CreatedAt)
{
    /// <summary>The status as clients see it: a pending invitation past its time is expired.</summary>
    public const string StatusSql = "case when i.status = 'pending' and i.expires_at <= now() then 'expired' else i.status end";

    /// <summary>The JSON of the invitation <c>i</c> to the space <c>s</c>, the invited user <c>u</c> left-joined.</summary>
    public const string Json = $"""
        json_build_object(
            'id', i.id, 'space', {SpaceSummary.Json},
            'user', case when u.id is null then null
                         else json_build_object('id', u.id, 'username', u.username, 'name', u.name, 'email', u.email) end,
            'email', i.email, 'role', i.role, 'group_ids', to_json(i.group_ids), 'status', {StatusSql},
            'invited_by', i.invited_by, 'expires_at', utc_iso(i.expires_at), 'decided_at', utc_iso(i.decided_at),
            'created_at', utc_iso(i.created_at))
        """;

    public const string Joins = "join spaces s on s.id = i.space_id left join users u on u.id = i.user_id";

    public const string From = "from invitations i " + Joins;

    private const string One = $"select {Json} {From} where i.id = @invitationId";

    public static Task<InvitationResponse?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long invitationId, CancellationToken ct) =>
        connection.QueryJsonAsync<InvitationResponse>(new CommandDefinition(One, new { invitationId }, tx, cancellationToken: ct));

    public static readonly IReadOnlyList<string> Statuses = ["pending", "accepted", "declined", "revoked", "expired"];

    public static ProblemHttpResult NotFound() => Problems.NotFound("invitation_not_found", "No invitation with this id is visible to you.");

    public static ProblemHttpResult NotPending(string status) =>
        Problems.Conflict(status == "expired" ? "invitation_expired" : "invitation_not_pending", $"The invitation is {status}, not pending.");
}
