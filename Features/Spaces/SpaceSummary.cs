namespace Atrium.Api.Features.Spaces;

/// <summary>Which space something belongs to, in lists that span spaces.</summary>
public sealed record SpaceSummary(long Id, string Kind, string Name)
{
    /// <summary>The JSON of the space aliased <c>s</c>.</summary>
    public const string Json = "json_build_object('id', s.id, 'kind', s.kind, 'name', s.name)";
}
