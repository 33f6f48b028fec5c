using System.Security.Claims;
using System.Text.Json;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Json;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.UpdateSpace;

/// <summary>The whole editable space: <c>name</c> and <c>visibility</c> are required; a <c>description</c> left out is cleared
/// and <c>settings</c> left out become <c>{}</c>.</summary>
public sealed record ReplaceSpaceRequest(string Name, [property: OneOf(typeof(SpaceFields), nameof(SpaceFields.Visibilities))] string Visibility, string? Description, JsonElement? Settings);

public sealed class ReplaceSpaceValidator : AbstractValidator<ReplaceSpaceRequest>
{
    public ReplaceSpaceValidator()
    {
        RuleFor(r => r.Name).Must(n => n is not null && n.Trim().Length is >= 1 and <= 200).WithMessage("'name' is required, 1–200 characters.");
        RuleFor(r => r.Visibility).Must(SpaceFields.IsVisibility).WithMessage("'visibility' is required: public or private.");
        RuleFor(r => r.Description).MaximumLength(5000);
        RuleFor(r => r.Settings).StorableObject(SpaceFields.MaxSettingsBytes);
    }
}

public sealed class ReplaceSpaceEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapPut("", Handle)
                .Validate<ReplaceSpaceRequest>()
                .WithName(SpacesRoutes.Name(kind, "Replace"))
                .WithETag(ifMatch: true)
                .WithSummary("Replace the name, visibility, description and settings of a space (space.update).")
                .WithDescription("A full replace beside PATCH, with the same permission and audit event (`space.updated`): `name` and "
                    + "`visibility` are required; `description` left out (or null) is cleared and `settings` left out become `{}`. "
                    + SpaceUpdateText.IfMatch)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static Task<Results<Ok<SpaceResponse>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, ReplaceSpaceRequest request, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct) =>
        SpaceUpdate.ApplyAsync(caller,
            new SpaceChanges(request.Name, true, request.Description, request.Visibility, request.Settings?.GetRawText() ?? "{}"),
            http, user, db, ct);
}
