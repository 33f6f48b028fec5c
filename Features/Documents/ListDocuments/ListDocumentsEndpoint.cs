using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Documents.ListDocuments;

public sealed record ListDocumentsQuery(
    [FromQuery(Name = "box")] string? Box,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "responsible_group_id")] long? ResponsibleGroupId);

public sealed class ListDocumentsValidator : AbstractValidator<ListDocumentsQuery>
{
    public ListDocumentsValidator()
    {
        RuleFor(q => q.Box).Must(b => b is null or "inbox" or "sent" or "mine" or "all").WithMessage("'box' is one of inbox, sent, mine, all.");
        RuleFor(q => q.Status).Must(s => s is null || DocumentStatus.IsValid(s))
            .WithMessage($"'status' is one of {string.Join(", ", DocumentStatus.All)}.");
        RuleFor(q => q.Q).MaximumLength(200);
        RuleFor(q => q.ResponsibleGroupId).GreaterThan(0);
    }
}

public sealed class ListDocumentsEndpoint : ICarterModule
{
    /// <summary>The full-text match: the query in Russian and in English stemming, either may match.</summary>
    public const string Matches = "d.search @@ (websearch_to_tsquery('russian', @q) || websearch_to_tsquery('english', @q))";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDocumentsGroup().MapGet("", Handle)
            .Validate<ListDocumentsQuery>()
            .WithName("ListDocuments")
            .WithSummary("Documents visible to the caller, newest first, one page at a time.")
            .WithDescription("`box`: `inbox` (the caller or one of their groups is responsible), `sent` (the caller sent or forwarded them), "
                + "`mine` (the caller wrote them), `all` (default: every document visible to the caller). `status` filters by status, "
                + "`responsible_group_id` by responsible department, `q` is full-text search over title, description and text content "
                + "(Russian and English stemming, web-search syntax). `page` ≥ 1, `page_size` 1–100.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<Paged<DocumentResponse>>, ProblemHttpResult>> Handle(OrganizationMember member, 
        [AsParameters] PageQuery paging, [AsParameters] ListDocumentsQuery query, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        await using var connection = await db.OpenConnectionAsync(ct);

        var parameters = member.VisibilityParameters();
        var where = new List<string> { "d.organization_id = @organizationId", DocumentAccess.Visible };
        switch (query.Box)
        {
            case "inbox":
                where.Add($"(d.responsible_user_id = @me or d.responsible_group_id in {DocumentAccess.MyGroups})");
                break;
            case "sent":
                where.Add("exists (select 1 from document_history h where h.document_id = d.id and h.action = 'sent' and h.actor_id = @me)");
                break;
            case "mine":
                where.Add("d.author_id = @me");
                break;
        }
        if (query.Status is not null)
        {
            where.Add("d.status = @status");
            parameters.Add("status", query.Status);
        }
        if (query.ResponsibleGroupId is not null)
        {
            where.Add("d.responsible_group_id = @groupId");
            parameters.Add("groupId", query.ResponsibleGroupId);
        }
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            where.Add(Matches);
            parameters.Add("q", query.Q.Trim());
        }
        var sql = PageSql.Rows("documents d", DocumentAccess.Columns, where, "d.created_at desc, d.id desc");
        return TypedResults.Ok(await connection.ReadRowsAsync<DocumentResponse>(paging, sql, parameters, ct));
    }
}
