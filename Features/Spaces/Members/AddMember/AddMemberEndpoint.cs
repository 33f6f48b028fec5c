using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Features.Spaces.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using Atrium.Api.Infrastructure.Configuration;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces.Members.AddMember;

[RequestExample("""{"email": "ada@example.com", "role": "member"}""")]
public sealed record AddMemberRequest(long? UserId, string? Email, [property: OneOf(typeof(RoleRules), nameof(RoleRules.Assignable))] string Role, long[]? GroupIds);

public sealed class AddMemberValidator : AbstractValidator<AddMemberRequest>
{
    public AddMemberValidator()
    {
        UserLookup.ExactlyOneTarget(this, r => r.UserId, r => r.Email);
        RuleFor(r => r.Role).Must(RoleRules.IsAssignable).WithMessage("'role' must be admin, manager or member.");
        RuleFor(r => r.GroupIds).Must(g => g is null || g.Length <= 100).WithMessage("At most 100 groups.");
    }
}

public sealed class AddMemberEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPost("/members", Handle)
                .Validate<AddMemberRequest>()
                .WithName(SpacesRoutes.Name(kind, "AddMember"))
                .WithSummary("Add an existing user as a member, with a role and groups (members.manage).")
                .WithDescription("By `user_id` or `email`. The admin role needs `admins.manage` (the owner's). A group id of another "
                    + "space is 404 `group_not_found`; groups holding a permission the caller lacks are 403.")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status429TooManyRequests)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<MemberResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, AddMemberRequest request, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db,
        RateLimiter limiter, IOptions<SpacesOptions> options, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.MembersManage) is { } denied)
            return denied;
        var limit = await limiter.HitAsync("member-adds:" + caller.UserId, options.Value.MemberAddsPerActor);
        if (!limit.Allowed)
            return Problems.TooManyRequests(http, limit.RetryAfter);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await RoleHandOut.CheckAsync(connection, tx, caller, null, null, request.Role, ct) is { } roleProblem)
            return roleProblem;
        var groupIds = request.GroupIds ?? [];
        if (await MemberChecks.CheckGroupsAsync(connection, tx, caller, groupIds, ct) is { } groupProblem)
            return groupProblem;
        var target = await UserLookup.FindAsync(connection, tx, caller.UserId, request.UserId, request.Email, ct);
        if (target is null)
            return UserLookup.NotFound();
        await Memberships.LockPersonAsync(connection, tx, target.Id, ct);

        if (!await Memberships.InsertAsync(connection, tx, caller.SpaceId, target.Id, request.Role, groupIds, ct))
            return SpaceProblems.AlreadyMember();
        var actor = AuditActor.From(http);
        var after = await Memberships.SnapshotAsync(connection, tx, caller.SpaceId, target.Id, ct);
        await AuditLog.WriteAsync(connection, tx, actor, caller.SpaceId, "member.added", "member", target.Id, null, after, ct);
        await WaitingWaysIn.CloseAsync(connection, tx, actor, caller.SpaceId, target.Id, "approved", user.UserId(), ct);
        var member = (await MemberResponse.ReadAsync(connection, caller.SpaceId, target.Id, ct, tx))!;
        await tx.CommitAsync(ct);
        return TypedResults.Created($"{SpacesRoutes.BasePath(caller.Kind)}/{caller.SpaceId}/members/{target.Id}", member);
    }
}
