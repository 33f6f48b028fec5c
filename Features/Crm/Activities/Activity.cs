using System.Text.Json;
using Dapper;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Crm.Activities;

/// <summary>One event of a deal's timeline. <c>payload</c> is the JSON object stored with it.</summary>
public sealed record ActivityResponse(long Id, long DealId, long? AuthorId, [property: OneOf(typeof(Timeline), nameof(Timeline.Types))] string Type, JsonElement Payload, DateTime CreatedAt);

/// <summary>SQL shared by the activity slices.</summary>
public static class ActivitySql
{
    public const string Columns = "a.id, a.deal_id, a.author_id, a.type, a.payload::text as payload, a.created_at";

    /// <summary>The row as Dapper reads it (payload as text).</summary>
    public sealed class Row
    {
        public long Id { get; init; }
        public long DealId { get; init; }
        public long? AuthorId { get; init; }
        public string Type { get; init; } = "";
        public string Payload { get; init; } = "{}";
        public DateTime CreatedAt { get; init; }

        public ActivityResponse ToResponse()
        {
            using var document = JsonDocument.Parse(Payload, new JsonDocumentOptions { MaxDepth = Infrastructure.Json.FreeFormJson.SerializerMaxDepth });
            return new ActivityResponse(Id, DealId, AuthorId, Type, document.RootElement.Clone(), CreatedAt);
        }
    }
}
