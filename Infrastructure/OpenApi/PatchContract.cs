using Microsoft.OpenApi;

namespace Atrium.Api.Infrastructure.OpenApi;

/// <summary>
/// What <c>null</c> means in a partial update, stated beside the PATCH route and added to its description as a
/// paragraph that starts with <see cref="Lead"/> (every PATCH operation has one; the contract test checks it).
/// Members that differ from the rule also say so in their own description (<c>[Description]</c> on the record).
/// </summary>
public static class PatchContract
{
    public const string Lead = "**Null semantics:**";

    public static TBuilder WithNullSemantics<TBuilder>(this TBuilder builder, string text)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var paragraph = $"{Lead} {text}";
            operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? paragraph : $"{operation.Description.TrimEnd()}\n\n{paragraph}";
            return Task.CompletedTask;
        });
}
