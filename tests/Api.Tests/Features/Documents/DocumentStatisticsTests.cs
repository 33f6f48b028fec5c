using System.Net;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Documents;

public sealed class DocumentStatisticsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Counts_by_status_group_and_user_and_signed_per_day()
    {
        var organization = await factory.NewOrganizationAsync();
        var worker = await factory.AddPersonAsync(organization, "member", DocumentsWorld.Worker);
        var hrMember = await factory.AddPersonAsync(organization, "member", "documents.sign");
        var hr = await factory.AddDepartmentAsync(organization, "HR", hrMember);
        var owner = organization.Owner.Client;
        await owner.CreateTextIdAsync();                              // draft, responsible: owner
        var toHr = await owner.CreateTextIdAsync();
        await owner.SendAsync(toHr, toGroup: hr);                     // sent, responsible: HR
        var signed = await owner.CreateTextIdAsync();
        await owner.SendAsync(signed, toGroup: hr);
        await (await hrMember.Client.PostJson($"/api/v1/documents/{signed}/sign", new { })).Expect(HttpStatusCode.Created);
        var toWorker = await owner.CreateTextIdAsync();
        await owner.SendAsync(toWorker, toUser: worker.Id);
        var old = await owner.CreateTextIdAsync();                    // created long ago: outside the window
        await using (var db = await factory.OpenDatabaseAsync())
            await db.ExecuteAsync("update documents set created_at = '2020-01-01' where id = @old", new { old });

        var stats = await (await owner.GetAsync("/api/v1/documents/statistics")).Expect(HttpStatusCode.OK);
        var byStatus = stats["by_status"]!.AsArray().ToDictionary(s => (string)s!["status"]!, s => (long)s!["count"]!);
        Assert.Equal(new Dictionary<string, long> { ["draft"] = 1, ["sent"] = 2, ["signed"] = 1 }, byStatus);
        var group = Assert.Single(stats["by_responsible_group"]!.AsArray());
        Assert.Equal("HR", (string?)group!["name"]);
        Assert.Equal(2, (long)group["count"]!);
        var users = stats["by_responsible_user"]!.AsArray().ToDictionary(u => (long)u!["user_id"]!, u => (long)u!["count"]!);
        Assert.Equal(new Dictionary<long, long> { [organization.Owner.Id] = 1, [worker.Id] = 1 }, users);
        var day = Assert.Single(stats["signed_per_day"]!.AsArray());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), (string?)day!["day"]);
        Assert.Equal(1, (long)day["count"]!);

        var past = await (await owner.GetAsync("/api/v1/documents/statistics?from=2019-12-31&to=2020-01-02")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (long)Assert.Single(past["by_status"]!.AsArray())!["count"]!);
        Assert.Empty(past["signed_per_day"]!.AsArray());
        await (await owner.GetAsync("/api/v1/documents/statistics?from=2020-02-01&to=2020-01-01"))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");

        // deleting a draft takes it out of the counts too
        await (await owner.DeleteAsync($"/api/v1/documents/{old}")).Expect(HttpStatusCode.NoContent);
        var after = await (await owner.GetAsync("/api/v1/documents/statistics?from=2019-12-31&to=2020-01-02")).Expect(HttpStatusCode.OK);
        Assert.Empty(after["by_status"]!.AsArray());
        await AssertRollupIsExactAsync();
    }

    /// <summary>The trigger-kept daily rollup equals a fresh computation from the documents.</summary>
    private async Task AssertRollupIsExactAsync()
    {
        await using var db = await factory.OpenDatabaseAsync();
        var stale = await db.QuerySingleAsync<long>("""
            with fresh as (
                select r.organization_id, r.kind, r.day, r.key, count(*) as n
                from documents d
                cross join lateral document_count_rows(d.organization_id, d.created_at, d.status, d.responsible_group_id,
                                                       d.responsible_user_id, d.signed_at) r
                group by 1, 2, 3, 4)
            select count(*) from (
                (select * from fresh except select * from document_daily_counts)
                union all
                (select * from document_daily_counts except select * from fresh)) x
            """);
        Assert.Equal(0, stale);
    }
}
