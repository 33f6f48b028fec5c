using System.Net;
using System.Text.Json;
using Atrium.Api.Tests.Features.Crm;
using Atrium.Api.Tests.Infrastructure;
using Dapper;
using Snapshooter.Xunit;

namespace Atrium.Api.Tests.Features.Crm.Analytics;

public sealed class DealsFunnelTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task The_funnel_follows_the_pipeline_and_matches_the_snapshot()
    {
        var org = await factory.ArrangeAnalyticsAsync();
        var funnel = await (await org.Owner.Client.GetAsync("/api/v1/analytics/deals/funnel")).Expect(HttpStatusCode.OK);

        var stages = funnel["stages"]!.AsArray();
        Assert.Equal(["qualification", "proposal", "negotiation", "closed"], stages.Select(s => (string?)s!["stage"]));
        Assert.Null(stages[3]!["conversion_to_next"]);
        Snapshot.Match(CrmWorld.Pretty(funnel));
    }
}
