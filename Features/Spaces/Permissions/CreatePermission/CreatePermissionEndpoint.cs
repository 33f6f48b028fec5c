using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Features.Spaces.Rules;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces.Permissions.CreatePermission;

[RequestExample("""{"code": "reports.view", "description": "Read the monthly reports."}""")]
public sealed record CreatePermissionRequest(string Code, string? Description);

public sealed class CreatePermissionValidator : AbstractValidator<CreatePermissionRequest>
{
    public CreatePermissionValidator()
    {
        RuleFor(r => r.Code).Must(PermissionCodes.IsValid)
            .WithMessage($"'code' must be dotted lower-case words such as 'reports.export', at most {PermissionCodes.MaxLength} characters.");
        RuleFor(r => r.Description).MaximumLength(2000);
    }
}

public sealed class CreatePermissionEndpoint : ICarterModule
{
    private const string Insert = """
        insert into space_permissions (space_id, code, description, created_by) values (@spaceId, @code, @description, @userId)
        returning code, description, true as is_custom, created_at
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPost("/permissions", Handle)
                .Validate<CreatePermissionRequest>()
                .WithName(SpacesRoutes.Name(kind, "CreatePermission"))
                .WithSummary("Create a custom permission (permissions.manage).")
                .WithDescription("Atrium does not check custom codes; it returns them to client applications. A code already in the space, "
                    + "or equal to a system code, is 409 `permission_code_taken`.")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<PermissionResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, CreatePermissionRequest request, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (caller.Require(SpacePermissions.PermissionsManage) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        PermissionResponse created;
        try
        {
            created = await connection.QuerySingleAsync<PermissionResponse>(new CommandDefinition(Insert, new
            {
                spaceId = caller.SpaceId,
                code = request.Code,
                description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
                userId = user.UserId(),
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.IsUniqueViolation("space_permissions_pkey") || e.IsUniqueViolation("space_permissions_not_system"))
        {
            return Problems.Conflict("permission_code_taken", "This code is already a permission of the space or a system permission.");
        }
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "permission.created", "permission", created.Code, null, created, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"{SpacesRoutes.BasePath(caller.Kind)}/{caller.SpaceId}/permissions/{created.Code}", created);
    }
}
