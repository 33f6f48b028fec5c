using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Tracker;

public sealed class ListCommentsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Comments_are_listed_oldest_first_paged_for_any_member_and_audited()
    {
        var project = await factory.NewProjectAsync();
        var reader = await factory.JoinAsync(project, "Reader");
        var task = await project.Owner.CreateTaskAsync(project, "Chatty");
        var url = project.Task(task.Id()) + "/comments";
        foreach (var body in new[] { "one", "two", "three" })
            await (await project.Owner.Client.PostJson(url, new { body })).Expect(HttpStatusCode.Created);

        var all = await (await reader.Client.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal(["one", "two", "three"], all["items"]!.AsArray().Select(c => (string)c!["body"]!));
        Assert.Equal(3, (long)all["total"]!);
        var last = await (await reader.Client.GetAsync(url + "?page=2&page_size=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(["three"], last["items"]!.AsArray().Select(c => (string)c!["body"]!));

        await using var db = await factory.OpenDatabaseAsync();
        Assert.Equal(3, await db.QuerySingleAsync<int>(
            "select count(*) from audit_events where space_id = @p and action = 'task_comment.created'", new { p = project.Id }));
    }

    [Fact]
    public async Task Comments_and_history_of_unknown_or_foreign_tasks_are_404()
    {
        var project = await factory.NewProjectAsync();
        var other = await factory.NewProjectAsync();
        var task = await other.Owner.CreateTaskAsync(other, "Elsewhere");
        var outsider = await factory.RegisterAndLoginAsync("Outsider");

        await (await project.Owner.Client.PostJson(project.Task(task.Id()) + "/comments", new { body = "hi" }))
            .ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await project.Owner.Client.GetAsync(project.Task(task.Id()) + "/comments")).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await project.Owner.Client.GetAsync(project.Task(task.Id()) + "/history")).ExpectProblem(HttpStatusCode.NotFound, "task_not_found");
        await (await outsider.Client.GetAsync(other.Task(task.Id()) + "/comments")).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
        await (await outsider.Client.GetAsync(other.Task(task.Id()) + "/history")).ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
        await (await outsider.Client.PostJson(other.Task(task.Id()) + "/comments", new { body = "hi" }))
            .ExpectProblem(HttpStatusCode.NotFound, "project_not_found");
    }
}
