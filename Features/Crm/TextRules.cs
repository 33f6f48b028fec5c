using FluentValidation;

namespace Atrium.Api.Features.Crm;

/// <summary>Rules for free text stored in PostgreSQL.</summary>
public static class TextRules
{
    /// <summary>PostgreSQL text cannot hold the NUL character: refuse it as a 400 instead of failing in the database.</summary>
    public static IRuleBuilderOptions<T, string?> WithoutNul<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || !s.Contains('\0')).WithMessage("Text must not contain the NUL character.");
}
