namespace Atrium.Api.Features.Identity;

/// <summary>An account as its owner sees it.</summary>
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
    DateTime UpdatedAt)
{
    /// <summary>The select list that yields a <see cref="UserResponse"/>, for the identity slices' queries.</summary>
    public const string Columns = "id, email, username, name, position, birth_date, email_confirmed_at, is_staff, created_at, updated_at";
}
