using System.Security.Claims;
using System.Text.Json;
using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Http;
using Carter;
using Dapper;
using Atrium.Api.Infrastructure.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces.CreateSpace;

/// <summary><c>visibility</c> defaults to public for a project (the directory lists it) and private for an organization.</summary>
public sealed record CreateSpaceRequest(string Name, string? Description, [property: OneOf(typeof(SpaceFields), nameof(SpaceFields.Visibilities))] string? Visibility, JsonElement? Settings);

public sealed class CreateSpaceValidator : AbstractValidator<CreateSpaceRequest>
{
    public CreateSpaceValidator()
    {
        RuleFor(r => r.Name).NotEmpty().Must(n => n is not null && n.Trim().Length is >= 1 and <= 200)
            .WithMessage("'name' must be 1–200 characters.");
        RuleFor(r => r.Description).MaximumLength(5000);
        RuleFor(r => r.Visibility).Must(v => v is null || SpaceFields.IsVisibility(v)).WithMessage("'visibility' must be public or private.");
        RuleFor(r => r.Settings).StorableObject(SpaceFields.MaxSettingsBytes);
    }
}

public sealed class CreateSpaceEndpoint : ICarterModule
{
    private const string Create = "select create_space(@kind, @name, @description, @visibility, @userId)";
    private const string SetSettings = "update spaces set settings = @settings::jsonb where id = @spaceId";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var kind in SpacesRoutes.Kinds)
            app.MapKindGroup(kind).MapPost("", Handle)
                .WithMetadata(new SpaceKindMetadata(kind))
                .Validate<CreateSpaceRequest>()
                .WithName(SpacesRoutes.Name(kind, "Create"))
                .WithSummary(kind == Infrastructure.Permissions.SpaceKind.Organization ? "Create an organization." : "Create a project.")
                .WithDescription("The caller becomes the owner. A project gets the editable groups lead, developer and tester.");
    }

    private static async Task<Created<SpaceResponse>> Handle(
        CreateSpaceRequest request, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var kind = http.GetEndpoint()!.Metadata.GetMetadata<SpaceKindMetadata>()!.Kind;
        var userId = user.UserId();
        var visibility = request.Visibility ?? (kind == Infrastructure.Permissions.SpaceKind.Project ? "public" : "private");

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var spaceId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(Create, new
        {
            kind = Infrastructure.Permissions.SpaceKinds.ToSql(kind),
            name = request.Name.Trim(),
            description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description,
            visibility,
            userId,
        }, tx, cancellationToken: ct));
        if (request.Settings is { } settings)
            await connection.ExecuteAsync(new CommandDefinition(SetSettings, new { spaceId, settings = settings.GetRawText() }, tx, cancellationToken: ct));

        var space = (await SpaceResponse.ReadAsync(connection, spaceId, userId, ct, tx))!;
        await AuditLog.WriteAsync(connection, tx, AuditActor.From(http), spaceId, "space.created", "space", spaceId, null, space, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"{SpacesRoutes.BasePath(kind)}/{spaceId}", space);
    }
}
