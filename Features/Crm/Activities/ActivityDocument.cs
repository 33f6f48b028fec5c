using Atrium.Api.Infrastructure.OpenApi;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atrium.Api.Features.Crm.Activities;

/// <summary>
/// The timeline's <c>payload</c> in the document: one schema per kind of activity, the records the writers send
/// (<see cref="Timeline"/>), instead of "any JSON".
/// </summary>
public sealed class ActivityDocument : IDocumentPart
{
    public async Task ApplyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        var comment = await DocumentParts.ComponentAsync<CommentPayload>(document, context, ct);
        if (document.Components!.Schemas![nameof(CommentPayload)] is OpenApiSchema { Properties: { } properties }
            && properties.TryGetValue("text", out var text) && text is OpenApiSchema textSchema)
        {
            textSchema.MinLength = 1;
            textSchema.MaxLength = CreateComment.CreateActivityValidator.MaxTextLength;
        }
        var payload = new OpenApiSchema
        {
            Description = "By `type`: `comment` → CommentPayload; `status_changed` → StatusChangePayload; "
                + "`stage_changed` → StageChangePayload; `task_created` → TaskCreatedPayload; "
                + "`system` → DealCreatedPayload or TaskCompletedPayload (told apart by `event`).",
            OneOf =
            [
                comment,
                await DocumentParts.ComponentAsync<StatusChangePayload>(document, context, ct),
                await DocumentParts.ComponentAsync<StageChangePayload>(document, context, ct),
                await DocumentParts.ComponentAsync<TaskCreatedPayload>(document, context, ct),
                await DocumentParts.ComponentAsync<DealCreatedPayload>(document, context, ct),
                await DocumentParts.ComponentAsync<TaskCompletedPayload>(document, context, ct),
            ],
        };
        DocumentParts.SetProperty(document, nameof(ActivityResponse), "payload", payload);
        DocumentParts.SetProperty(document, nameof(CreateComment.CreateActivityRequest), "payload", DocumentParts.OrNull(comment));
    }
}
