using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Tracker;

/// <summary>A project of the tracker with its owner, arranged directly in SQL.</summary>
public sealed record TrackerProject(long Id, TestUser Owner)
{
    public string Tasks => $"/api/v1/projects/{Id}/tasks";

    public string Task(long taskId) => $"{Tasks}/{taskId}";
}

/// <summary>
/// Arranges projects, members and their groups in SQL (through <c>create_space</c> and the membership tables),
/// and creates tasks through the API.
/// </summary>
public static class TrackerWorld
{
    public static async Task<TrackerProject> NewProjectAsync(this AtriumFactory factory, string visibility = "private")
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        await using var db = await factory.OpenDatabaseAsync();
        var id = await db.QuerySingleAsync<long>("select create_space('project', 'Board', null, @visibility, @owner)",
            new { visibility, owner = owner.Id });
        return new TrackerProject(id, owner);
    }

    /// <summary>A new user who is a member of the project with <paramref name="role"/>, in the named default groups.</summary>
    public static async Task<TestUser> JoinAsync(this AtriumFactory factory, TrackerProject project, string name,
        string role = "member", params string[] groups)
    {
        var user = await factory.RegisterAndLoginAsync(name);
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("insert into memberships (space_id, user_id, role) values (@project, @user, @role)",
            new { project = project.Id, user = user.Id, role });
        await db.ExecuteAsync("""
            insert into member_groups (space_id, user_id, group_id)
            select space_id, @user, id from space_groups where space_id = @project and name = any(@groups)
            """, new { project = project.Id, user = user.Id, groups });
        return user;
    }

    public static async Task RemoveMemberAsync(this AtriumFactory factory, TrackerProject project, TestUser user)
    {
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("delete from memberships where space_id = @project and user_id = @user",
            new { project = project.Id, user = user.Id });
    }

    /// <summary>Creates a task (a subtask with <paramref name="parentId"/>) as <paramref name="user"/>; asserts 201.</summary>
    public static async Task<JsonNode> CreateTaskAsync(this TestUser user, TrackerProject project, string title,
        long? parentId = null, long? assigneeId = null)
    {
        var response = await user.Client.PostJson(project.Tasks, new { title, parent_id = parentId, assignee_id = assigneeId });
        return await response.Expect(HttpStatusCode.Created);
    }

    public static long Id(this JsonNode node) => (long)node["id"]!;

    /// <summary>Sends <paramref name="body"/> as PATCH with an optional If-Match.</summary>
    public static Task<HttpResponseMessage> PatchTask(this TestUser user, string url, object body, string? ifMatch = null) =>
        user.Client.SendWith(HttpMethod.Patch, url, body, "If-Match", ifMatch);

    public static Task<HttpResponseMessage> PutTask(this TestUser user, string url, object body, string? ifMatch = null) =>
        user.Client.SendWith(HttpMethod.Put, url, body, "If-Match", ifMatch);

    public static Task<HttpResponseMessage> DeleteTask(this TestUser user, string url, string? ifMatch = null) =>
        user.Client.SendWith(HttpMethod.Delete, url, null, "If-Match", ifMatch);

    /// <summary>A GET with an If-None-Match.</summary>
    public static Task<HttpResponseMessage> GetIfNoneMatch(this TestUser user, string url, string etag) => user.Client.GetIfNoneMatch(url, etag);
}
