using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Identity;

/// <summary>An account as its owner sees it. <c>locale</c> is the language of the mail it gets (en, ru).</summary>
public sealed record UserResponse(
    long Id,
    string Email,
    string? Username,
    string? Name,
    string? Position,
    DateOnly? BirthDate,
    DateTime? EmailConfirmedAt,
    bool IsStaff,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool EmailConfirmed,
    string Locale,
    bool TwoStepLogin)
{
    /// <summary>The select list that yields a <see cref="UserResponse"/>, for the identity slices' queries.</summary>
    public const string Columns = "id, email, username, name, position, birth_date, email_confirmed_at, is_staff, created_at, updated_at, email_confirmed_at is not null as email_confirmed, locale, two_step_login";

    /// <summary>The signed-in account was deleted meanwhile.</summary>
    public static ProblemHttpResult NotFound() => Problems.NotFound("user_not_found", "The account no longer exists.");
}
