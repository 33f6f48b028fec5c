using Atrium.Api.Infrastructure.Permissions;
namespace Atrium.Api.Features.Tracker.Rules;

/// <summary>What the rights of a task depend on: who made it, who holds it, where it stands.</summary>
public sealed record TaskFacts(long? CreatedBy, long? AssigneeId, TaskState Status);

/// <summary>
/// The decision matrix of the tracker, fed by the caller's effective permissions (<c>SpaceMember.Has</c>).
/// Each check answers null when allowed, or the permission code to name in the 403.
/// "Own" means created by the caller or assigned to them. Owners hold every code; admins and managers
/// hold every tasks.* code by role; the default groups lead/developer/tester hold the codes of their duties.
/// </summary>
public static class TaskRights
{
    [PermissionCode] public const string CreateRoot = "tasks.create_root";
    [PermissionCode] public const string CreateSubtaskAny = "tasks.create_subtask_any";
    [PermissionCode] public const string CreateSubtaskOwn = "tasks.create_subtask_own";
    [PermissionCode] public const string EditAny = "tasks.edit_any";
    [PermissionCode] public const string EditOwn = "tasks.edit_own";
    [PermissionCode] public const string Assign = "tasks.assign";
    [PermissionCode] public const string Review = "tasks.review";
    [PermissionCode] public const string Comment = "tasks.comment";
    [PermissionCode] public const string Delete = "tasks.delete";

    public static bool IsOwn(TaskFacts task, long userId) => task.CreatedBy == userId || task.AssigneeId == userId;

    /// <summary>A top-level task (<paramref name="parent"/> null) or a subtask of <paramref name="parent"/>.</summary>
    public static string? ToCreate(Func<string, bool> has, long userId, TaskFacts? parent)
    {
        if (parent is null)
            return has(CreateRoot) ? null : CreateRoot;
        return has(CreateSubtaskAny) || (has(CreateSubtaskOwn) && IsOwn(parent, userId)) ? null : CreateSubtaskAny;
    }

    /// <summary>Changing the title or the description.</summary>
    public static string? ToEdit(Func<string, bool> has, long userId, TaskFacts task) =>
        has(EditAny) || (has(EditOwn) && IsOwn(task, userId)) ? null : EditAny;

    /// <summary>
    /// Moving the status: out of <c>review</c> is a review decision (<c>tasks.review</c>, on anyone's task);
    /// every other move is an edit (any task, or one's own).
    /// </summary>
    public static string? ToMove(Func<string, bool> has, long userId, TaskFacts task) =>
        task.Status == TaskState.Review
            ? has(Review) ? null : Review
            : ToEdit(has, userId, task);

    /// <summary>
    /// Setting the assignee of <paramref name="task"/> (null: a task being created by the caller) to
    /// <paramref name="assigneeId"/>. Needs <c>tasks.assign</c>, with one exception: a member who may edit
    /// their own tasks may take an unassigned task they created themselves (a developer taking the subtask
    /// they just split off). Handing a task to someone else, or unassigning, always needs <c>tasks.assign</c>.
    /// </summary>
    public static string? ToAssign(Func<string, bool> has, long userId, TaskFacts? task, long? assigneeId)
    {
        if (has(Assign))
            return null;
        var takesOwnUnassigned = assigneeId == userId
            && has(EditOwn)
            && (task is null || (task.CreatedBy == userId && task.AssigneeId is null));
        return takesOwnUnassigned ? null : Assign;
    }

    /// <summary>Deleting a task removes its whole subtree, so it is a right of its own (admins and managers by role).</summary>
    public static string? ToDelete(Func<string, bool> has) => has(Delete) ? null : Delete;

    public static string? ToComment(Func<string, bool> has) => has(Comment) ? null : Comment;
}
