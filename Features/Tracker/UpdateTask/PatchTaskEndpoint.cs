using System.ComponentModel;
using System.Text.Json.Serialization;
using Atrium.Api.Features.Tracker.Rules;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Tracker.UpdateTask;

/// <summary>
/// Only the fields present change (JSON merge-patch style): <c>"description": null</c> clears the description,
/// <c>"assignee_id": null</c> unassigns, a field left out keeps its value.
/// </summary>
public sealed class PatchTaskRequest
{
    private readonly string? _title;
    private readonly string? _description;
    private readonly TaskState? _status;
    private readonly long? _assigneeId;

    [Description("Left out or `null`: kept.")]
    public string? Title { get => _title; init { _title = value; TitleSet = true; } }
    [Description("Left out: kept; `null`: cleared.")]
    public string? Description { get => _description; init { _description = value; DescriptionSet = true; } }
    [Description("Left out or `null`: kept.")]
    public TaskState? Status { get => _status; init { _status = value; StatusSet = true; } }
    [Description("Left out: kept; `null`: unassigned.")]
    public long? AssigneeId { get => _assigneeId; init { _assigneeId = value; AssigneeIdSet = true; } }

    [JsonIgnore] public bool TitleSet { get; private set; }
    [JsonIgnore] public bool DescriptionSet { get; private set; }
    [JsonIgnore] public bool StatusSet { get; private set; }
    [JsonIgnore] public bool AssigneeIdSet { get; private set; }
}

public sealed class PatchTaskValidator : AbstractValidator<PatchTaskRequest>
{
    public PatchTaskValidator()
    {
        RuleFor(r => r.Title).TaskTitle().When(r => r.TitleSet);
        RuleFor(r => r.Description).TaskDescription();
        RuleFor(r => r.Status).NotNull().When(r => r.StatusSet).WithMessage("'status' cannot be null.");
        RuleFor(r => r.AssigneeId).UserReference();
    }
}

public sealed class PatchTaskEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTasksGroup().MapPatch("/{task_id:long}", Handle)
            .WithNullSemantics("Left out: the member keeps its value. `null` clears `description` or `assignee_id`; `null` for `title` or `status` keeps them (they cannot be cleared).")
            .Validate<PatchTaskRequest>()
            .WithName("PatchTask")
            .WithETag(ifMatch: true)
            .WithSummary("Change some fields of a task: title, description, status, assignee.")
            .DescribeTaskUpdate("Fields left out keep their value; `null` clears `description` or `assignee_id`.");

    private static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> Handle(
        ProjectMember member, [FromRoute(Name = "task_id")] long taskId, PatchTaskRequest request, HttpContext http, NpgsqlDataSource db,
        CancellationToken ct) =>
        TaskUpdate.ApplyAsync(member, taskId,
            new TaskChanges(request.Title, request.DescriptionSet, request.Description, request.Status, request.AssigneeIdSet, request.AssigneeId),
            http, db, ct);
}

/// <summary>The rules PUT and PATCH share, as the OpenAPI description tells them.</summary>
public static class TaskUpdateDocs
{
    public static RouteHandlerBuilder DescribeTaskUpdate(this RouteHandlerBuilder builder, string lead) =>
        builder.WithDescription(lead + " " + Rules)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public const string Rules =
        "Title and description need `tasks.edit_any`, or `tasks.edit_own` on one's own task (created by or assigned to the caller). "
        + "A status move out of `review` needs `tasks.review`; any other move is an edit. Moves follow the workflow "
        + "open → in_progress → review → done, review → in_progress, in_progress → paused → open, paused → canceled "
        + "(409 `invalid_transition` otherwise; sending the current status is no move). Changing the assignee needs "
        + "`tasks.assign`, except that a member with `tasks.edit_own` may take an unassigned task they created. "
        + "`If-Match` is optional; when sent it must match the task's ETag (412 `etag_mismatch`). Every change bumps "
        + "`version` (and so the ETag), and status and assignee changes are written to the task's history. A request "
        + "that changes nothing answers the task as it is.";
}
