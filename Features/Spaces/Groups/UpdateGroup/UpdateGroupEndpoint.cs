using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Groups.UpdateGroup;

/// <summary>Absent fields stay; an empty <c>description</c> clears it.</summary>
public sealed record UpdateGroupRequest(string? Name, string? Description);

public sealed class UpdateGroupValidator : AbstractValidator<UpdateGroupRequest>
{
    public UpdateGroupValidator()
    {
        RuleFor(r => r.Name).Must(n => n is null || n.Trim().Length is >= 1 and <= 100).WithMessage("'name' must be 1–100 characters.");
        RuleFor(r => r.Description).MaximumLength(2000);
    }
}

public sealed class UpdateGroupEndpoint : ICarterModule
{
    private const string Update = """
        update space_groups
        set name = coalesce(@name, name),
            description = case when @description::text is null then description else nullif(@description, '') end
        where space_id = @spaceId and id = @groupId
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPatch("/groups/{group_id:long}", Handle)
            .WithNullSemantics("Left out or `null`: the member keeps its value. `description` `\"\"` clears it; `name` cannot be cleared.")
                .Validate<UpdateGroupRequest>()
                .WithName(SpacesRoutes.Name(kind, "UpdateGroup"))
                .WithSummary("Rename a group or change its description (groups.manage).")
                .WithETag(ifMatch: true)
                .WithDescription(GroupTags.IfMatch + " The answer carries the new `ETag`.")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<Results<Ok<GroupResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "group_id")] long groupId, UpdateGroupRequest request,
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.GroupsManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var locked = await GroupResponse.ReadVersionedAsync(connection, tx, caller.SpaceId, groupId, ct, forUpdate: true);
        if (locked is null)
            return SpaceProblems.GroupNotFound();
        if (Preconditions.Stale(http, locked.ETag()) is { } stale)
            return stale;
        var before = locked.Value;
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(Update, new
            {
                spaceId = caller.SpaceId,
                groupId,
                name = request.Name?.Trim(),
                description = request.Description?.Trim(),
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.IsUniqueViolation("space_groups_name_key"))
        {
            return GroupResponse.NameTaken();
        }
        var after = (await GroupResponse.ReadVersionedAsync(connection, tx, caller.SpaceId, groupId, ct))!;
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "group.updated", "group", groupId, before, after.Value, ct);
        await tx.CommitAsync(ct);
        Preconditions.Stamp(http, after.ETag());
        return TypedResults.Ok(after.Value);
    }
}
