using Atrium.Api.Infrastructure.Permissions;

namespace Atrium.Api.Features.Documents.Rules;

/// <summary>The permission codes the document slices check (the seven switchable rights of brief 002 and two more).</summary>
public static class DocumentRights
{
    /// <summary>New versions, changes and deletion of one's own documents.</summary>
    [PermissionCode] public const string ManageOwn = "documents.manage_own";
    [PermissionCode] public const string Send = "documents.send";
    [PermissionCode] public const string Create = "documents.create";
    [PermissionCode] public const string Sign = "documents.sign";
    [PermissionCode] public const string Statistics = "statistics.view";
    /// <summary>Read every document of the organization.</summary>
    [PermissionCode] public const string ReadAll = "documents.read_all";
    /// <summary>Read and act on every document (send, archive, change, delete) as its author could.</summary>
    [PermissionCode] public const string ManageAll = "documents.manage_all";
}
