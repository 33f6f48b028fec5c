using Atrium.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>A member of a space with their effective permissions (role ∪ groups ∪ direct grants; owner: all).</summary>
public record SpaceMember(long SpaceId, SpaceKind Kind, long UserId, string Role, IReadOnlySet<string> Permissions)
{
    public bool IsOwner => Role == Roles.Owner;

    public bool Has(string permission) => IsOwner || Permissions.Contains(permission);

    /// <summary>Null when the member holds <paramref name="permission"/>; else the 403 naming it.</summary>
    public ProblemHttpResult? Require(string permission) => Has(permission) ? null : Problems.Forbidden(permission);
}

/// <summary>The outcome of an access check: the member, or the problem to answer with.</summary>
public readonly record struct Access(SpaceMember? Member, ProblemHttpResult? Problem)
{
    public bool Denied => Problem is not null;
}
