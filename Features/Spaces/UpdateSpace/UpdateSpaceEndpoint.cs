using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using System.Text.Json;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Atrium.Api.Infrastructure.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces.UpdateSpace;

/// <summary>Absent fields stay; an empty <c>description</c> clears it; <c>settings</c> replaces the whole object.</summary>
public sealed record UpdateSpaceRequest(string? Name, string? Description, [property: OneOf(typeof(SpaceFields), nameof(SpaceFields.Visibilities))] string? Visibility, JsonElement? Settings);

public sealed class UpdateSpaceValidator : AbstractValidator<UpdateSpaceRequest>
{
    public UpdateSpaceValidator()
    {
        RuleFor(r => r.Name).Must(n => n is null || n.Trim().Length is >= 1 and <= 200).WithMessage("'name' must be 1–200 characters.");
        RuleFor(r => r.Description).MaximumLength(5000);
        RuleFor(r => r.Visibility).Must(v => v is null || SpaceFields.IsVisibility(v)).WithMessage("'visibility' must be public or private.");
        RuleFor(r => r.Settings).StorableObject(SpaceFields.MaxSettingsBytes);
    }
}

public sealed class UpdateSpaceEndpoint : ICarterModule
{
    private const string Update = """
        update spaces
        set name = coalesce(@name, name),
            description = case when @description::text is null then description else nullif(@description, '') end,
            visibility = coalesce(@visibility, visibility),
            settings = coalesce(@settings::jsonb, settings)
        where id = @spaceId
        """;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPatch("", Handle)
            .WithNullSemantics("Left out or `null`: the member keeps its value. `description` `\"\"` clears it; `name`, `visibility` and `settings` cannot be cleared (send `{}` to empty the settings).")
                .Validate<UpdateSpaceRequest>()
                .WithName(SpacesRoutes.Name(kind, "Update"))
                .WithSummary("Change the name, description, visibility or settings of a space (space.update).")
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<SpaceResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, UpdateSpaceRequest request, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var userId = user.UserId();
        if (caller.Require(SpacePermissions.SpaceUpdate) is { } denied)
            return denied;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        var before = (await SpaceResponse.ReadAsync(connection, caller.SpaceId, userId, ct, tx))!;
        await connection.ExecuteAsync(new CommandDefinition(Update, new
        {
            spaceId = caller.SpaceId,
            name = request.Name?.Trim(),
            description = request.Description is null ? null : request.Description.Trim(),
            visibility = request.Visibility,
            settings = request.Settings?.GetRawText(),
        }, tx, cancellationToken: ct));
        var after = (await SpaceResponse.ReadAsync(connection, caller.SpaceId, userId, ct, tx))!;
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), caller.SpaceId, "space.updated", "space", caller.SpaceId, before, after, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
