using Atrium.Api.Infrastructure.Errors;
using FluentValidation;

namespace Atrium.Api.Infrastructure.Http;

/// <summary>Runs the FluentValidation validator of the request argument <typeparamref name="T"/> before the handler.</summary>
public sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter where T : class
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var argument = context.Arguments.OfType<T>().FirstOrDefault();
        if (argument is null)
            return Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });

        var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
        if (result.IsValid)
            return await next(context);

        // A rule with a code of its own answers alone, as Problems.Invalid does (the first such rule in order).
        if (result.Errors.FirstOrDefault(e => e.CustomState is ProblemCode) is { } coded)
            return Problems.Invalid(coded.PropertyName, coded.ErrorCode, coded.ErrorMessage);

        var errors = result.Errors
            .GroupBy(e => string.IsNullOrEmpty(e.PropertyName) ? "body" : e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return Problems.Validation(errors);
    }
}

/// <summary>Marks a rule whose failure is its own problem <c>code</c> rather than one entry of <c>validation_failed</c>.</summary>
public sealed class ProblemCode
{
    public static readonly ProblemCode Marker = new();

    private ProblemCode() { }
}

public static class ProblemCodeRules
{
    /// <summary>
    /// On failure the request is answered 400 with this <c>code</c>, the rule's message as <c>detail</c> and as the one
    /// error of its field (the shape of <see cref="Problems.Invalid"/>), before any rule without a code.
    /// </summary>
    public static IRuleBuilderOptions<T, TProperty> WithProblemCode<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, string code) =>
        rule.WithErrorCode(code).WithState(_ => ProblemCode.Marker);
}

public static class ValidationFilterExtensions
{
    /// <summary>Validates the <typeparamref name="T"/> argument with its registered validator; 400 problem on failure.</summary>
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) where T : class =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}

public static class ValidatorRegistration
{
    /// <summary>Registers every <see cref="IValidator{T}"/> of the service's assembly as a singleton (validators hold no state).</summary>
    public static IServiceCollection AddValidators(this IServiceCollection services)
    {
        var validators = typeof(ValidatorRegistration).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false })
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>))
                .Select(i => (Service: i, Implementation: t)));
        foreach (var (service, implementation) in validators)
            services.AddSingleton(service, implementation);
        return services;
    }
}
