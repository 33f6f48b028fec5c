using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Features.Spaces.Permissions;
using Atrium.Api.Features.Spaces.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces.Groups.CreateGroup;

[RequestExample("""{"name": "Sales", "description": "The sales team.", "permissions": []}""")]
public sealed record CreateGroupRequest(string Name, string? Description, string[]? Permissions);

public sealed class CreateGroupValidator : AbstractValidator<CreateGroupRequest>
{
    public CreateGroupValidator()
    {
        RuleFor(r => r.Name).NotEmpty().Must(n => n is not null && n.Trim().Length is >= 1 and <= 100).WithMessage("'name' must be 1–100 characters.");
        RuleFor(r => r.Description).MaximumLength(2000);
        RuleFor(r => r.Permissions).Must(p => p is null || p.Length <= 200).WithMessage("At most 200 permissions.");
        RuleForEach(r => r.Permissions).Must(PermissionCodes.IsValid).WithMessage("'{PropertyValue}' is not a permission code.");
    }
}

public sealed class CreateGroupEndpoint : ICarterModule
{
    private const string Insert = """
        insert into space_groups (space_id, name, description) values (@spaceId, @name, @description) returning id
        """;

    private const string AddPermission = "insert into group_permissions (space_id, group_id, code) values (@spaceId, @groupId, @code)";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPost("/groups", Handle)
                .Validate<CreateGroupRequest>()
                .WithName(SpacesRoutes.Name(kind, "CreateGroup"))
                .WithSummary("Create a group, optionally with permissions (groups.manage).")
                .WithDescription("Names are unique in a space without regard to case (409 `group_name_taken`). Each permission must be in "
                    + "the space's catalog (404) and held by the caller (403).")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<GroupResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, CreateGroupRequest request, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.GroupsManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var codes = (request.Permissions ?? []).Distinct().Order(StringComparer.Ordinal).ToArray();
        foreach (var code in codes)
            if (await Catalog.CheckGrantableAsync(connection, tx, caller, code, ct) is { } problem)
                return problem;

        long groupId;
        try
        {
            groupId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(Insert, new
            {
                spaceId = caller.SpaceId,
                name = request.Name.Trim(),
                description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.IsUniqueViolation("space_groups_name_key"))
        {
            return GroupResponse.NameTaken();
        }
        foreach (var code in codes)
            await connection.ExecuteAsync(new CommandDefinition(AddPermission, new { spaceId = caller.SpaceId, groupId, code }, tx, cancellationToken: ct));

        var group = (await GroupResponse.ReadAsync(connection, tx, caller.SpaceId, groupId, ct))!;
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "group.created", "group", groupId, null, group, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"{SpacesRoutes.BasePath(caller.Kind)}/{caller.SpaceId}/groups/{groupId}", group);
    }
}
