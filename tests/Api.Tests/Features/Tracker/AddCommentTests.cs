using System.Net;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Tracker;

public sealed class AddCommentTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Theory]
    [InlineData("lead", 201)]
    [InlineData("developer", 201)]
    [InlineData("tester", 201)]
    [InlineData(null, 403)]
    public async Task Commenting_needs_tasks_comment(string? group, int expected)
    {
        var project = await factory.NewProjectAsync();
        var someone = await factory.JoinAsync(project, "Someone", "member", group is null ? [] : [group]);
        var task = await project.Owner.CreateTaskAsync(project, "Talk about me");

        var response = await someone.Client.PostJson(project.Task(task.Id()) + "/comments", new { body = "  Looks good  " });
        if (expected == 201)
        {
            var comment = await response.Expect(HttpStatusCode.Created);
            Assert.Equal("Looks good", (string?)comment["body"]);
            Assert.Equal(someone.Id, (long)comment["author_id"]!);
            Assert.Equal("Someone", (string?)comment["author_name"]);
            Assert.Equal(task.Id(), (long)comment["task_id"]!);
        }
        else
        {
            var problem = await response.ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
            Assert.Equal("tasks.comment", (string?)problem["permission"]);
        }
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"body\": \"   \"}")]
    [InlineData("{\"body\": null}")]
    public async Task Empty_comments_are_400(string body)
    {
        var project = await factory.NewProjectAsync();
        var task = await project.Owner.CreateTaskAsync(project, "Quiet");
        await (await project.Owner.Client.SendRaw(HttpMethod.Post, project.Task(task.Id()) + "/comments", body))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await project.Owner.Client.PostJson(project.Task(task.Id()) + "/comments", new { body = new string('x', 10001) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await project.Owner.Client.SendRaw(HttpMethod.Post, project.Task(task.Id()) + "/comments", "{\"body\": [1]}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed_json");
    }
}
