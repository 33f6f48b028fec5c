using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Documents;

/// <summary>A document as the API shows it.</summary>
public sealed record DocumentResponse(
    long Id,
    long OrganizationId,
    string Title,
    string? Description,
    [property: OneOf(typeof(DocumentStatus), nameof(DocumentStatus.All))] string Status,
    long AuthorId,
    long? ResponsibleUserId,
    long? ResponsibleGroupId,
    int CurrentVersion,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? SignedAt);

/// <summary>A document the caller may see, with how they stand to it.</summary>
public sealed record VisibleDocument(DocumentResponse Document, Standing Standing)
{
    /// <summary>The row's version, which every change of the document bumps; its entity tag names it.</summary>
    public int Version { get; init; }

    public string ETag => EntityTags.Strong(Document.Id, Version);

    public long Id => Document.Id;
    public string Status => Document.Status;
}

/// <summary>
/// Who sees which document, in one place. The caller's membership of the organization named by
/// <c>X-Organization-Id</c> is bound before the handler (<see cref="OrganizationMember"/>; not a member: 404). A document is visible to its author, to its
/// responsible user or the members of its responsible group, to the people it passed through (read-only:
/// acting needs a standing) and to holders of <c>documents.read_all</c> or <c>documents.manage_all</c>;
/// to anyone else, and in any other organization, it is 404.
/// </summary>
public static class DocumentAccess
{
    public const string Columns = """
        d.id, d.organization_id, d.title, d.description, d.status, d.author_id, d.responsible_user_id,
        d.responsible_group_id, d.current_version, d.created_at, d.updated_at, d.signed_at
        """;

    /// <summary>The caller's groups in the organization, for "responsible group" tests.</summary>
    public const string MyGroups = "(select mg.group_id from member_groups mg where mg.space_id = @organizationId and mg.user_id = @me)";

    /// <summary>The visibility predicate over <c>documents d</c>; takes <c>@me</c>, <c>@organizationId</c> and <c>@readAll</c>.</summary>
    public const string Visible = $"""
        (@readAll or d.author_id = @me or d.responsible_user_id = @me
         or d.responsible_group_id in {MyGroups}
         or exists (select 1 from document_participants p where p.document_id = d.id and p.user_id = @me))
        """;

    private const string SelectVisible = $"""
        select {Columns}, d.version,
               (d.responsible_user_id = @me or d.responsible_group_id in {MyGroups}) as is_responsible
        from documents d
        where d.id = @id and d.organization_id = @organizationId and {Visible}
        """;

    public static bool ReadsAll(this SpaceMember member) => member.Has(DocumentRights.ReadAll) || member.Has(DocumentRights.ManageAll);

    /// <summary>The parameters the visibility predicate takes.</summary>
    public static DynamicParameters VisibilityParameters(this SpaceMember member)
    {
        var parameters = new DynamicParameters();
        parameters.Add("me", member.UserId);
        parameters.Add("organizationId", member.SpaceId);
        parameters.Add("readAll", member.ReadsAll());
        return parameters;
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public long OrganizationId { get; init; }
        public string Title { get; init; } = "";
        public string? Description { get; init; }
        public string Status { get; init; } = "";
        public long AuthorId { get; init; }
        public long? ResponsibleUserId { get; init; }
        public long? ResponsibleGroupId { get; init; }
        public int CurrentVersion { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public DateTime? SignedAt { get; init; }
        public bool? IsResponsible { get; init; }
        public int Version { get; init; }
    }

    /// <summary>The document when the caller may see it (locked for the transaction when <paramref name="forUpdate"/>), else null.</summary>
    public static async Task<VisibleDocument?> FindAsync(NpgsqlConnection connection, SpaceMember member, long id, CancellationToken ct,
        NpgsqlTransaction? transaction = null, bool forUpdate = false)
    {
        var parameters = member.VisibilityParameters();
        parameters.Add("id", id);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            forUpdate ? SelectVisible + " for update of d" : SelectVisible, parameters, transaction, cancellationToken: ct));
        if (row is null)
            return null;
        var standing = Standing.None;
        if (row.AuthorId == member.UserId)
            standing |= Standing.Author;
        if (row.IsResponsible == true)
            standing |= Standing.Responsible;
        if (member.Has(DocumentRights.ManageAll))
            standing |= Standing.ManageAll;
        return new VisibleDocument(new DocumentResponse(row.Id, row.OrganizationId, row.Title, row.Description, row.Status, row.AuthorId,
            row.ResponsibleUserId, row.ResponsibleGroupId, row.CurrentVersion, row.CreatedAt, row.UpdatedAt, row.SignedAt), standing)
        {
            Version = row.Version,
        };
    }

    /// <summary>The entity tag of a document as a write returned it (<c>returning {Columns}, d.version</c>).</summary>
    public static string ETag(this Versioned<DocumentResponse> document) => EntityTags.Strong(document.Value.Id, document.Version);

    /// <summary>What the writes of one document say about entity tags.</summary>
    public const string IfMatch = "`If-Match` is optional; when sent it must match the document's `ETag` (412 `etag_mismatch`, nothing written).";

    public static ProblemHttpResult NotFound() =>
        Problems.NotFound("document_not_found", "No document with this id is visible to you in this organization.");

    /// <summary>403 for a caller who may see the document but not act on it this way.</summary>
    public static ProblemHttpResult NotYours(string detail) => Problems.ForbiddenBy("not_responsible", detail);

    public static ProblemHttpResult InvalidTransition(string from, string to) =>
        Problems.Conflict("invalid_transition", $"A document cannot move from '{from}' to '{to}'.");

    /// <summary>The caller may change the document as its owner: the author holding manage_own, or a holder of manage_all.</summary>
    public static bool MayManage(this SpaceMember member, VisibleDocument document) =>
        member.Has(DocumentRights.ManageAll) || (document.Standing.HasFlag(Standing.Author) && member.Has(DocumentRights.ManageOwn));

    public static ProblemHttpResult ManageDenied() => Problems.Forbidden(DocumentRights.ManageOwn,
        "Changing a document needs to be its author with 'documents.manage_own', or to hold 'documents.manage_all'.");

    private const string AddParticipantSql = """
        insert into document_participants (document_id, user_id) values (@documentId, @userId) on conflict do nothing
        """;

    /// <summary>Remembers that the document passed through <paramref name="userId"/> (they keep read-only access).</summary>
    public static Task AddParticipantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long documentId, long userId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(AddParticipantSql, new { documentId, userId }, transaction, cancellationToken: ct));

    private const string HistorySql = """
        insert into document_history (document_id, action, actor_id, from_status, to_status, from_user_id, from_group_id,
                                      to_user_id, to_group_id, note)
        values (@documentId, @action, @actorId, @fromStatus, @toStatus, @fromUserId, @fromGroupId, @toUserId, @toGroupId, @note)
        """;

    /// <summary>One line of a document's history, written in the caller's transaction.</summary>
    public static Task WriteHistoryAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, HistoryLine line, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(HistorySql, line, transaction, cancellationToken: ct));
}

/// <summary>A row of <c>document_history</c>.</summary>
public sealed record HistoryLine(
    long DocumentId,
    string Action,
    long ActorId,
    string? FromStatus = null,
    string? ToStatus = null,
    long? FromUserId = null,
    long? FromGroupId = null,
    long? ToUserId = null,
    long? ToGroupId = null,
    string? Note = null);
