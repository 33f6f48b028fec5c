namespace Atrium.Api.Features.Spaces.Permissions;

/// <summary>A code of a space's catalog; <c>created_at</c> only for custom codes.</summary>
public sealed record PermissionResponse(string Code, string? Description, bool IsCustom, DateTime? CreatedAt);
