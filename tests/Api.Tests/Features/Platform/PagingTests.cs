using System.Net;
using System.Runtime.CompilerServices;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Features.Tracker;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Platform;

/// <summary>Every paged list of every area answers <c>page</c> and <c>page_size</c> the same way.</summary>
public sealed class PagingTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    /// <summary>Every route that takes <c>page_size</c>, as the OpenAPI document spells it.</summary>
    private static readonly string[] PagedRoutes =
    [
        "/api/v1/contacts",
        "/api/v1/deals",
        "/api/v1/documents",
        "/api/v1/organizations/{id}/groups/{group_id}/documents",
        "/api/v1/tasks",
        "/api/v1/projects/{id}/tasks",
        "/api/v1/projects/{id}/tasks/{task_id}/history",
        "/api/v1/projects/{id}/tasks/{task_id}/comments",
        "/api/v1/projects",
        "/api/v1/organizations/me",
        "/api/v1/me/projects",
        "/api/v1/me/join-requests",
        "/api/v1/me/invitations",
        "/api/v1/organizations/{id}/members",
        "/api/v1/projects/{id}/members",
        "/api/v1/organizations/{id}/join-requests",
        "/api/v1/projects/{id}/join-requests",
        "/api/v1/organizations/{id}/invitations",
        "/api/v1/projects/{id}/invitations",
        "/api/v1/jobs",
        "/api/v1/shop/categories",
        "/api/v1/shop/projects",
        "/api/v1/orders",
        "/api/v1/donations",
        "/api/v1/me/shop",
        "/api/v1/auth/sessions",
        "/api/v1/auth/providers",
        "/api/v1/me/identities",
        "/api/v1/organizations/{id}/permissions",
        "/api/v1/projects/{id}/permissions",
        "/api/v1/organizations/{id}/members/{user_id}/permissions",
        "/api/v1/projects/{id}/members/{user_id}/permissions",
        "/api/v1/organizations/{id}/groups",
        "/api/v1/projects/{id}/groups",
        "/api/v1/documents/{id}/signatures",
    ];

    public static TheoryData<string> Routes()
    {
        var routes = new TheoryData<string>();
        foreach (var route in PagedRoutes)
            routes.Add(route);
        return routes;
    }

    /// <summary>One organization and one project with a task, owned by one person whose client sends X-Organization-Id.</summary>
    private sealed record World(TestUser Owner, long OrganizationId, long ProjectId, long TaskId, long GroupId, long DocumentId)
    {
        public string Url(string route) => route
            .Replace("/organizations/{id}", $"/organizations/{OrganizationId}")
            .Replace("/documents/{id}", $"/documents/{DocumentId}")
            .Replace("{user_id}", Owner.Id.ToString())
            .Replace("{group_id}", GroupId.ToString())
            .Replace("/projects/{id}", $"/projects/{ProjectId}")
            .Replace("{task_id}", TaskId.ToString());
    }

    private static readonly ConditionalWeakTable<AtriumFactory, Task<World>> Worlds = new();

    private Task<World> WorldAsync() => Worlds.GetValue(factory, ArrangeAsync);

    private static async Task<World> ArrangeAsync(AtriumFactory factory)
    {
        var organization = await factory.NewOrganizationAsync();
        await using var db = await factory.OpenDatabaseAsync();
        var projectId = await db.QuerySingleAsync<long>("select create_space('project', 'Board', null, 'private', @owner)",
            new { owner = organization.Owner.Id });
        await factory.MakeStaffAsync(organization.Owner);
        var task = await organization.Owner.CreateTaskAsync(new TrackerProject(projectId, organization.Owner), "First");
        var groupId = await db.QuerySingleAsync<long>("insert into space_groups (space_id, name) values (@space, 'HR') returning id",
            new { space = organization.Id });
        var document = await (await organization.Owner.Client.PostJson("/api/v1/documents", new { title = "Paged", text = "A page of signatures." }))
            .Expect(HttpStatusCode.Created);
        return new World(organization.Owner, organization.Id, projectId, task.Id(), groupId, (long)document["id"]!);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_list_refuses_a_page_below_1_and_a_page_size_above_100_the_same_way(string route)
    {
        var world = await WorldAsync();
        var url = world.Url(route);

        var tooBig = await (await world.Owner.Client.GetAsync(url + "?page_size=101")).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["page_size"], tooBig["errors"]!.AsObject().Select(e => e.Key));
        var tooLow = await (await world.Owner.Client.GetAsync(url + "?page=0")).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["page"], tooLow["errors"]!.AsObject().Select(e => e.Key));
        var both = await (await world.Owner.Client.GetAsync(url + "?page=0&page_size=0")).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["page", "page_size"], both["errors"]!.AsObject().Select(e => e.Key).Order());

        var largest = await (await world.Owner.Client.GetAsync(url + "?page_size=100")).Expect(HttpStatusCode.OK);
        Assert.Equal(["items", "page", "page_size", "total"], largest.AsObject().Select(p => p.Key).Order());
        Assert.Equal(1, (int)largest["page"]!);
        Assert.Equal(100, (int)largest["page_size"]!);
        var defaults = await (await world.Owner.Client.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal(20, (int)defaults["page_size"]!);
        var beyond = await (await world.Owner.Client.GetAsync(url + "?page=2147483647&page_size=100")).Expect(HttpStatusCode.OK);
        Assert.Empty(beyond["items"]!.AsArray());
    }

    [Fact]
    public async Task Every_route_that_takes_page_size_is_in_the_list_above()
    {
        var document = await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var paged = document["paths"]!.AsObject()
            .Where(path => path.Value!.AsObject().Any(operation =>
                operation.Value!["parameters"]?.AsArray().Any(p => (string?)p!["name"] == "page_size") == true))
            .Select(path => path.Key)
            .Order();
        Assert.Equal(PagedRoutes.Order(), paged);
    }
}
