using Atrium.Api.Features.Spaces.Members;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Invitations;

/// <summary>The row of an invitation that the answering slices lock and check.</summary>
public sealed class InvitationRow
{
    public long Id { get; init; }
    public long SpaceId { get; init; }
    public long? UserId { get; init; }
    public string? Email { get; init; }
    public string Role { get; init; } = "";
    public long[] GroupIds { get; init; } = [];
    public long? InvitedBy { get; init; }
    /// <summary>With expiry applied.</summary>
    public string Status { get; init; } = "";

    private const string Lock = $"""
        select i.id, i.space_id, i.user_id, i.email, i.role, i.group_ids, i.invited_by, {InvitationResponse.StatusSql} as status
        from invitations i
        join spaces live on live.id = i.space_id and live.deleted_at is null
        where i.id = @invitationId
        for update of i
        """;

    public static Task<InvitationRow?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long invitationId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<InvitationRow?>(new CommandDefinition(Lock, new { invitationId }, tx, cancellationToken: ct));

    /// <summary>Whether the invitation is addressed to this user (by id, or by their confirmed e-mail without regard to case).</summary>
    public bool IsFor(long userId, string? confirmedEmail) =>
        UserId == userId || (UserId is null && Email is not null && confirmedEmail is not null
                             && string.Equals(Email, confirmedEmail, StringComparison.OrdinalIgnoreCase));

    private const string Decide = """
        update invitations
        set status = @status, decided_at = now(), user_id = coalesce(user_id, @userId)
        where id = @invitationId
        """;

    /// <summary>
    /// Locks the invitation the caller answers: 404 when there is none or it is addressed to someone else,
    /// 409 (<see cref="InvitationResponse.NotPending"/>) when it is no longer pending.
    /// </summary>
    public static async Task<(InvitationRow? Row, ProblemHttpResult? Problem)> LockPendingForAsync(NpgsqlConnection connection,
        NpgsqlTransaction tx, long invitationId, long userId, CancellationToken ct)
    {
        var row = await LockAsync(connection, tx, invitationId, ct);
        if (row is null || !row.IsFor(userId, await EmailOfAsync(connection, tx, userId, ct)))
            return (null, InvitationResponse.NotFound());
        if (row.Status != "pending")
            return (null, InvitationResponse.NotPending(row.Status));
        return (row, null);
    }

    /// <summary>
    /// Closes the invitation as <paramref name="status"/> (accepted, declined or revoked), recording
    /// <paramref name="userId"/> as the invited user when it was addressed by e-mail only, writes the audit event
    /// <c>invitation.{status}</c> with the invitation before and after, and answers it as it now is.
    /// </summary>
    public static async Task<InvitationResponse> DecideAsync(NpgsqlConnection connection, NpgsqlTransaction tx, AuditActor actor,
        long spaceId, long invitationId, string status, long? userId, CancellationToken ct)
    {
        var before = await InvitationResponse.ReadAsync(connection, tx, invitationId, ct);
        await connection.ExecuteAsync(new CommandDefinition(Decide, new { invitationId, status, userId }, tx, cancellationToken: ct));
        var after = (await InvitationResponse.ReadAsync(connection, tx, invitationId, ct))!;
        await AuditLog.WriteAsync(connection, tx, actor, spaceId, $"invitation.{status}", "invitation", invitationId, before, after, ct);
        return after;
    }

    private const string EmailOf = "select case when email_confirmed_at is not null then email end from users where id = @userId";

    /// <summary>The user's address when they have confirmed it, else null (an unconfirmed address is not theirs yet).</summary>
    public static Task<string?> EmailOfAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long userId, CancellationToken ct) =>
        connection.QuerySingleAsync<string?>(new CommandDefinition(EmailOf, new { userId }, tx, cancellationToken: ct));
}
