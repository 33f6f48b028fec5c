using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Spaces.ReadAuditLog;

public sealed class ReadAuditLogTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task The_audit_log_pages_by_cursor_and_filters_by_action_actor_and_time()
    {
        var owner = await factory.RegisterAndLoginAsync();
        var admin = await factory.RegisterAndLoginAsync();
        var member = await factory.RegisterAndLoginAsync();
        var url = $"/api/v1/projects/{await owner.CreateProjectAsync()}";
        await factory.AddMemberAsync(owner, url, admin, "admin");
        await factory.AddMemberAsync(owner, url, member);
        for (var i = 0; i < 3; i++)
            await (await admin.Client.PatchJson(url, new { name = $"Name {i}" })).Expect(HttpStatusCode.OK);

        var first = await owner.GetAsync($"{url}/audit-log?limit=2");
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var cursor = (string)first["next_cursor"]!;
        var second = await owner.GetAsync($"{url}/audit-log?limit=2&cursor={cursor}");
        Assert.True((long)second["items"]![0]!["id"]! < (long)first["items"]![1]!["id"]!);
        var all = await owner.GetAsync($"{url}/audit-log?limit=200");
        Assert.Null((string?)all["next_cursor"]);
        Assert.Equal(6, all["items"]!.AsArray().Count);

        var byAdmin = await owner.GetAsync($"{url}/audit-log?actor_id={admin.Id}");
        Assert.Equal(3, byAdmin["items"]!.AsArray().Count);
        Assert.All(byAdmin["items"]!.AsArray(), e => Assert.Equal("space.updated", (string?)e!["action"]));
        var entry = byAdmin["items"]![0]!;
        Assert.False(string.IsNullOrEmpty((string?)entry["request_id"]));
        Assert.False(string.IsNullOrEmpty((string?)entry["ip"]));
        Assert.Equal("space", (string?)entry["entity_type"]);

        var future = Uri.EscapeDataString(DateTime.UtcNow.AddHours(1).ToString("O"));
        Assert.Empty((await owner.GetAsync($"{url}/audit-log?since={future}"))["items"]!.AsArray());
        Assert.Equal(6, (await owner.GetAsync($"{url}/audit-log?until={future}"))["items"]!.AsArray().Count);

        var denied = await (await member.Client.GetAsync($"{url}/audit-log")).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("audit.read", (string?)denied["permission"]);
        await (await owner.Client.GetAsync($"{url}/audit-log?limit=0")).ExpectProblem(HttpStatusCode.BadRequest, "limit_out_of_range");
        await (await owner.Client.GetAsync($"{url}/audit-log?cursor=abc")).ExpectProblem(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await owner.Client.GetAsync($"{url}/audit-log?since=yesterday")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await owner.Client.GetAsync("/api/v1/projects/999999999/audit-log")).ExpectProblem(HttpStatusCode.NotFound);
    }
}
