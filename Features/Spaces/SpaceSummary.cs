using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Permissions;
namespace Atrium.Api.Features.Spaces;

/// <summary>Which space something belongs to, in lists that span spaces.</summary>
public sealed record SpaceSummary(long Id, [property: OneOf(typeof(SpaceKinds), nameof(SpaceKinds.Names))] string Kind, string Name)
{
    /// <summary>The JSON of the space aliased <c>s</c>.</summary>
    public const string Json = "json_build_object('id', s.id, 'kind', s.kind, 'name', s.name)";
}
