using Atrium.Api.Infrastructure.Errors;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Features.Shop.Creators;

public sealed record CreatorResponse(long Id, long UserId, string DisplayName, string? Bio, string? Website, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>The SQL and answers the creator slices share.</summary>
public static class CreatorSql
{
    /// <summary>A creator as <see cref="CreatorResponse"/> (alias <c>c</c>).</summary>
    public const string Columns = "c.id, c.user_id, c.display_name, c.bio, c.website, c.created_at, c.updated_at";

    public const string Mine = $"select {Columns} from shop_creators c where c.user_id = @userId";

    public static ProblemHttpResult NotFound() => Problems.NotFound("creator_not_found", "No creator with this id.");

    public static ProblemHttpResult NoProfile() =>
        Problems.NotFound("creator_profile_missing", "You have no creator profile; create one with POST /api/v1/shop/creators/me.");
}

public static class CreatorValidation
{
    public static IRuleBuilderOptions<T, string?> DisplayName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => n is not null && n.Trim().Length is >= 1 and <= 100 && !n.Contains('\0'))
            .WithMessage("'display_name' must be 1–100 characters (no NUL).");

    public static IRuleBuilderOptions<T, string?> Bio<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(b => b is null || (b.Length <= 5000 && !b.Contains('\0'))).WithMessage("'bio' must be at most 5000 characters (no NUL).");

    /// <summary>An absolute http(s) address; empty is allowed where it clears the field.</summary>
    public static IRuleBuilderOptions<T, string?> Website<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(w => w is null || w.Length == 0 || (w.Length <= 500 && Uri.TryCreate(w, UriKind.Absolute, out var uri)
                && uri.Scheme is "http" or "https" && !w.Any(char.IsWhiteSpace)))
            .WithMessage("'website' must be an absolute http(s) address of at most 500 characters.");
}
