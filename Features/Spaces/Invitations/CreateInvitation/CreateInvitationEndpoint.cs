using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Features.Spaces.Members;
using Atrium.Api.Features.Spaces.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Redis;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces.Invitations.CreateInvitation;

[RequestExample("""{"email": "ada@example.com", "role": "member", "group_ids": []}""")]
public sealed record CreateInvitationRequest(long? UserId, string? Email, [property: OneOf(typeof(RoleRules), nameof(RoleRules.Assignable))] string Role, long[]? GroupIds);

public sealed class CreateInvitationValidator : AbstractValidator<CreateInvitationRequest>
{
    public CreateInvitationValidator()
    {
        UserLookup.ExactlyOneTarget(this, r => r.UserId, r => r.Email);
        RuleFor(r => r.Role).Must(RoleRules.IsAssignable).WithMessage("'role' must be admin, manager or member.");
        RuleFor(r => r.GroupIds).Must(g => g is null || g.Length <= 100).WithMessage("At most 100 groups.");
    }
}

public sealed class CreateInvitationEndpoint : ICarterModule
{
    /// <summary>Pending invitations of this person that ran out are marked expired, so a new one can be made.</summary>
    private const string ExpireStale = """
        update invitations set status = 'expired', decided_at = now()
        where space_id = @spaceId and status = 'pending' and expires_at <= now()
          and (user_id = @userId or lower(email) = lower(@email))
        """;

    private const string PendingExists = """
        select exists (select 1 from invitations
                       where space_id = @spaceId and status = 'pending'
                         and (user_id = @userId or lower(email) = lower(@email)))
        """;

    private const string Insert = """
        insert into invitations (space_id, user_id, email, role, group_ids, invited_by, expires_at)
        values (@spaceId, @userId, @email, @role, @groupIds, @invitedBy, now() + make_interval(days => @days))
        returning id
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPost("/invitations", Handle)
                .Validate<CreateInvitationRequest>()
                .WithName(SpacesRoutes.Name(kind, "CreateInvitation"))
                .WithSummary("Invite a user, or an e-mail address that may have no account yet (invitations.manage).")
                .WithDescription("An invitation by e-mail is mailed to that address. It names the account only when an account has "
                    + "confirmed the address; otherwise whoever later holds the address confirmed sees it under GET /me/invitations "
                    + "and may accept it (an account that registered the address without confirming it does not). Invitations expire after a configurable number of days (7 by default). "
                    + "A member is 409 `already_member`; a pending invitation of the same person is 409 `invitation_pending`.")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status429TooManyRequests)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<InvitationResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, CreateInvitationRequest request, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db,
        IOptions<SpacesOptions> options, RateLimiter limiter, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.InvitationsManage) is { } denied)
            return denied;
        var limit = await limiter.HitAsync("invitations:" + caller.UserId, options.Value.InvitationsPerActor);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await RoleHandOut.CheckAsync(connection, tx, caller, null, null, request.Role, ct) is { } roleProblem)
            return roleProblem;
        var groupIds = (request.GroupIds ?? []).Distinct().Order().ToArray();
        if (await MemberChecks.CheckGroupsAsync(connection, tx, caller, groupIds, ct) is { } groupProblem)
            return groupProblem;

        // By id: only someone the caller shares a space with. By e-mail: the invitation is addressed to the address
        // alone, and the answer is the same whether or not it has an account (only a member of this space, whom the
        // caller already sees, is named).
        UserRef? target = null;
        if (request.UserId is not null)
        {
            target = await UserLookup.FindAsync(connection, tx, caller.UserId, request.UserId, null, ct);
            if (target is null)
                return UserLookup.NotFound();
            if (await Memberships.RoleAsync(connection, tx, caller.SpaceId, target.Id, ct) is not null)
                return SpaceProblems.AlreadyMember();
        }
        else if (await UserLookup.FindMemberByEmailAsync(connection, tx, caller.SpaceId, request.Email!, ct) is not null)
        {
            return SpaceProblems.AlreadyMember();
        }
        var email = target?.Email ?? request.Email!.Trim();
        var args = new { spaceId = caller.SpaceId, userId = target?.Id, email };
        await connection.ExecuteAsync(new CommandDefinition(ExpireStale, args, tx, cancellationToken: ct));
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(PendingExists, args, tx, cancellationToken: ct)))
            return Pending();

        long invitationId;
        try
        {
            invitationId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(Insert, new
            {
                spaceId = caller.SpaceId,
                userId = target?.Id,
                email,
                role = request.Role,
                groupIds,
                invitedBy = user.UserId(),
                days = options.Value.InvitationDays,
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.IsUniqueViolation("invitations_one_pending_user") || e.IsUniqueViolation("invitations_one_pending_email"))
        {
            return Pending();
        }
        var created = (await InvitationResponse.ReadAsync(connection, tx, invitationId, ct))!;
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "invitation.created", "invitation", invitationId, null, created, ct);
        if (request.Email is not null)
            await InvitationMail.EnqueueAsync(connection, tx, email, caller.SpaceId, user.UserId(), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"{SpacesRoutes.BasePath(caller.Kind)}/{caller.SpaceId}/invitations/{invitationId}", created);
    }

    private static ProblemHttpResult Pending() =>
        Problems.Conflict("invitation_pending", "This person already has a pending invitation to the space.");
}
