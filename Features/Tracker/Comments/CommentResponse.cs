namespace Atrium.Api.Features.Tracker.Comments;

public sealed record CommentResponse(long Id, long TaskId, long? AuthorId, string? AuthorName, string Body, DateTime CreatedAt);
