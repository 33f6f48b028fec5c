using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Mail;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Identity.Me;

/// <summary>Fields left out (or null) keep their value; an empty string clears a text field.</summary>
public sealed record UpdateMeRequest(string? Name, string? Username, string? Position, DateOnly? BirthDate, string? Locale = null);

public sealed class UpdateMeValidator : AbstractValidator<UpdateMeRequest>
{
    public UpdateMeValidator(TimeProvider clock)
    {
        RuleFor(r => r.Name).MaximumLength(200);
        RuleFor(r => r.Position).MaximumLength(200);
        RuleFor(r => r.Username).Must(u => u == "" || IdentityRules.IsUsername(u)).When(r => r.Username is not null)
            .WithMessage("'username' must be 3–32 letters, digits, '_', '.' or '-' (or \"\" to remove it).");
        RuleFor(r => r.Locale).Must(Locales.IsSupported).When(r => r.Locale is not null)
            .WithMessage("'locale' must be 'en' or 'ru'.");
        RuleFor(r => r.BirthDate)
            .Must(d => d!.Value <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) && d.Value.Year >= 1900)
            .When(r => r.BirthDate is not null)
            .WithMessage("'birth_date' must be a past date after 1900.");
    }
}

public sealed class UpdateMeEndpoint : ICarterModule
{
    private const string Sql = $"""
        update users set
            name       = case when @name::text is null then name when @name = '' then null else @name end,
            username   = case when @username::text is null then username when @username = '' then null else @username end,
            position   = case when @position::text is null then position when @position = '' then null else @position end,
            birth_date = coalesce(@birthDate::date, birth_date),
            locale     = coalesce(@locale, locale)
        where id = @id
        returning {UserResponse.Columns}
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMeGroup().MapPatch("", Handle)
            .Validate<UpdateMeRequest>()
            .WithName("UpdateMe")
            .WithSummary("Change the caller's profile.")
            .WithDescription("Only the fields present change; `\"\"` clears `name`, `username` or `position`. `locale` (en, ru) is the language of mail.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Handle(
        UpdateMeRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        try
        {
            var me = await connection.QuerySingleOrDefaultAsync<UserResponse>(new CommandDefinition(Sql, new
            {
                name = request.Name?.Trim(),
                request.Username,
                position = request.Position?.Trim(),
                request.BirthDate,
                request.Locale,
                id = user.UserId(),
            }, cancellationToken: ct));
            return me is null ? UserResponse.NotFound() : TypedResults.Ok(me);
        }
        catch (PostgresException e) when (e.IsUniqueViolation("users_username_key"))
        {
            return Problems.Conflict("username_taken", "This username is taken.");
        }
    }
}
