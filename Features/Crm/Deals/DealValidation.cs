using Atrium.Api.Features.Crm.Deals.Rules;
using Atrium.Api.Infrastructure.Validation;
using FluentValidation;

namespace Atrium.Api.Features.Crm.Deals;

/// <summary>Shape rules of the fields a deal is created and changed with.</summary>
public static class DealValidation
{
    public static IRuleBuilderOptions<T, string?> Title<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(t => t is not null && t.Trim().Length is >= 1 and <= 200)
            .WithMessage("'title' must be 1–200 characters (no NUL).");

    public static IRuleBuilderOptions<T, decimal?> Amount<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.Must(a => Money.IsAmount(a!.Value))
            .WithMessage($"'amount' must be between 0 and {Money.MaxAmount} with at most two decimals.");

    public static IRuleBuilderOptions<T, string?> Currency<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Money.IsCurrency).WithMessage("'currency' must be an ISO 4217 code: three upper-case letters such as EUR.");

    public static IRuleBuilderOptions<T, string?> Status<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(DealStatuses.IsValid).WithMessage($"'status' must be one of: {string.Join(", ", DealStatuses.All)}.");

    public static IRuleBuilderOptions<T, string?> Stage<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(DealStages.IsValid).WithMessage($"'stage' must be one of: {string.Join(", ", DealStages.Pipeline)}.");
}
