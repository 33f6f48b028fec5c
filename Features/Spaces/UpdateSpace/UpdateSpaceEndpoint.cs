using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using System.Text.Json;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Atrium.Api.Infrastructure.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

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
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPatch("", Handle)
            .WithNullSemantics("Left out or `null`: the member keeps its value. `description` `\"\"` clears it; `name`, `visibility` and `settings` cannot be cleared (send `{}` to empty the settings).")
                .Validate<UpdateSpaceRequest>()
                .WithName(SpacesRoutes.Name(kind, "Update"))
                .WithETag(ifMatch: true)
                .WithSummary("Change the name, description, visibility or settings of a space (space.update).")
                .WithDescription(SpaceUpdateText.IfMatch)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static Task<Results<Ok<SpaceResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, UpdateSpaceRequest request, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct) =>
        SpaceUpdate.ApplyAsync(caller,
            new SpaceChanges(request.Name, request.Description is not null, request.Description, request.Visibility, request.Settings?.GetRawText()),
            http, user, db, ct);
}

/// <summary>What the PATCH and PUT of a space say about entity tags.</summary>
public static class SpaceUpdateText
{
    public const string IfMatch = "`If-Match` is optional; when sent it must match the space's `ETag` (412 `etag_mismatch`, nothing written). "
        + "The answer carries the new `ETag`.";
}
