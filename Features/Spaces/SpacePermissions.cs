using Atrium.Api.Infrastructure.Permissions;

namespace Atrium.Api.Features.Spaces;

/// <summary>The system permission codes the space slices check (organizations and projects alike).</summary>
public static class SpacePermissions
{
    [PermissionCode] public const string SpaceUpdate = "space.update";
    [PermissionCode] public const string SpaceDelete = "space.delete";
    [PermissionCode] public const string MembersManage = "members.manage";
    /// <summary>Guards the admin role: making, changing and removing admins.</summary>
    [PermissionCode] public const string AdminsManage = "admins.manage";
    [PermissionCode] public const string GroupsManage = "groups.manage";
    [PermissionCode] public const string PermissionsManage = "permissions.manage";
    [PermissionCode] public const string PermissionsGrant = "permissions.grant";
    [PermissionCode] public const string InvitationsManage = "invitations.manage";
    [PermissionCode] public const string JoinRequestsReview = "join_requests.review";
    [PermissionCode] public const string AuditRead = "audit.read";
}
