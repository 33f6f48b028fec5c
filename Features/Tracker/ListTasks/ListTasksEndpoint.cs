using System.Text.Json;
using Atrium.Api.Features.Tracker.Rules;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Infrastructure.OpenApi;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atrium.Api.Features.Tracker.ListTasks;

public sealed class ListTasksEndpoint : ICarterModule
{
    /// <summary>
    /// The page of top-level items with their whole subtrees, nested in PostgreSQL. <c>nodes</c> walks down from
    /// the page's items and notes each task's depth; <c>levels</c> then climbs back up one row per depth, each
    /// row a JSON object mapping a parent id to the array of its children (built with the children of the
    /// level below), until depth 0 holds the page itself under the key <c>top</c>. Plain <c>json</c>, not
    /// <c>jsonb</c>: nesting then appends text instead of re-encoding every subtree at every level
    /// (100 top-level items with 1 500 nodes below them: 62 ms instead of 126 ms).
    /// </summary>
    private const string TreeSql = """
        with recursive
        top as (
            select t.id from project_tasks t where {0} order by t.id limit @limit offset @offset
        ),
        nodes (id, depth) as (
            select top.id, 0 from top
            union all
            select c.id, n.depth + 1
            from nodes n
            join project_tasks c on c.project_id = @projectId and c.parent_id = n.id
        ),
        size as (
            select count(*) as node_count, coalesce(max(depth), 0) as max_depth from nodes
        ),
        levels (depth, by_parent) as (
            -- nothing is built for a page past the bounds: the handler refuses it
            select (select max(depth) + 1 from nodes), '{{}}'::json
            where (select node_count <= @maxNodes and max_depth < @maxDepth from size)
            union all
            select l.depth - 1, (
                select coalesce(json_object_agg(g.parent_key, g.children), '{{}}'::json)
                from (
                    select case when n.depth = 0 then 'top' else t.parent_id::text end as parent_key,
                           json_agg(json_build_object(
                               'id', t.id, 'project_id', t.project_id, 'parent_id', t.parent_id, 'title', t.title,
                               'description', t.description, 'status', t.status, 'assignee_id', t.assignee_id,
                               'created_by', t.created_by, 'version', t.version,
                               'created_at', utc_iso(t.created_at),
                               'updated_at', utc_iso(t.updated_at),
                               'children', coalesce(c.value, '[]'::json))
                               order by t.id) as children
                    from nodes n
                    join project_tasks t on t.id = n.id
                    left join json_each(l.by_parent) c on c.key = t.id::text
                    where n.depth = l.depth - 1
                    group by 1) g)
            from levels l
            where l.depth > 0
        )
        select (select count(*) from project_tasks t where {0}) as total,
               (select node_count from size) as node_count,
               (select max_depth from size) as max_depth,
               coalesce((select l.by_parent -> 'top' from levels l where l.depth = 0), '[]'::json)::text as items
        """;

    /// <summary>Most tasks one tree answer holds; a bigger page is refused with a hint to page or to ask for one subtree.</summary>
    public const int MaxTreeNodes = 2000;

    /// <summary>Most levels below the top one tree answer holds (each level nests two JSON levels).</summary>
    public const int MaxTreeDepth = 100;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTasksGroup().MapGet("", Handle)
            .WithName("ListTasks")
            .WithETag(ifNoneMatch: true)
            .WithSummary("The tasks of a project, flat or as a tree, with a weak ETag.")
            .WithDescription("Any project member reads the tasks (members only, also in public projects). Filters: `status`, "
                + "`assignee_id`, `parent_id` (`0`: top-level tasks only). Ordered by id (creation). With `tree=true` the page "
                + "holds top-level items — the tasks without a parent, or the children of `parent_id` — each with its whole "
                + "subtree in `children`; `status` and `assignee_id` then filter the top-level items only, and `total` counts them. "
                + $"One tree answer holds at most {MaxTreeNodes} tasks and {MaxTreeDepth} levels (else 400 `tree_too_large`: page, or ask for a subtree). "
                + "The weak `ETag` covers the representation; send it in `If-None-Match` to get 304 while nothing changed.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<Paged<TaskNode>>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        ProjectMember member, [AsParameters] PageQuery paging, HttpContext http, NpgsqlDataSource db,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct,
        [FromQuery] [OneOf(typeof(TaskWorkflow), nameof(TaskWorkflow.Names))] string? status = null, [FromQuery(Name = "assignee_id")] long? assigneeId = null,
        [FromQuery(Name = "parent_id")] long? parentId = null, [FromQuery] bool tree = false)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        var state = TaskWorkflow.TryParse(status);
        if (status is not null && state is null)
            return Problems.Invalid("status", "validation_failed",
                "'status' must be one of: " + string.Join(", ", TaskWorkflow.All.Select(s => s.ToSql())) + ".");

        await using var connection = await db.OpenConnectionAsync(ct);
        var where = new List<string> { "t.project_id = @projectId" };
        if (state is not null)
            where.Add("t.status = @status");
        if (assigneeId is not null)
            where.Add("t.assignee_id = @assigneeId");
        if (parentId is null or 0)
        {
            if (tree || parentId == 0)
                where.Add("t.parent_id is null");
        }
        else
        {
            where.Add("t.parent_id = @parentId");
        }

        var options = json.Value.SerializerOptions;
        Paged<TaskNode> result;
        if (tree)
        {
            var (total, nodeCount, maxDepth, items) = await connection.QuerySingleAsync<(long, long, int, string)>(new CommandDefinition(
                string.Format(System.Globalization.CultureInfo.InvariantCulture, TreeSql, string.Join(" and ", where)),
                new
                {
                    projectId = member.SpaceId, status = state?.ToSql(), assigneeId, parentId, limit = paging.Limit, offset = paging.Offset,
                    maxNodes = MaxTreeNodes, maxDepth = MaxTreeDepth,
                },
                cancellationToken: ct));
            if (nodeCount > MaxTreeNodes || maxDepth >= MaxTreeDepth)
                return Problems.BadRequest("tree_too_large",
                    $"This page of the tree holds {nodeCount} tasks over {maxDepth + 1} levels; one answer holds at most {MaxTreeNodes} tasks "
                    + $"and {MaxTreeDepth} levels. Ask for a smaller page_size, or for one subtree with parent_id.");
            result = paging.Of(JsonSerializer.Deserialize<List<TaskNode>>(items, options)!, total);
        }
        else
        {
            var sql = PageSql.Rows("project_tasks t", TaskRow.Columns, where, "t.id");
            result = (await connection.ReadRowsAsync<TaskRow>(paging, sql, new { projectId = member.SpaceId, status = state?.ToSql(), assigneeId, parentId }, ct))
                .Map(r => r.ToNode());
        }

        var etag = TaskETags.Weak(JsonSerializer.SerializeToUtf8Bytes(result, options));
        return Preconditions.NotModified(http, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(result);
    }
}
