using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Atrium.Api.Tests.Features.Crm;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>
/// A read of one organization's resource costs PostgreSQL one round trip: the caller's membership and the read go
/// in one batch (decision 43). Counted from the spans Npgsql opens per command, tied to the request by its traceparent.
/// </summary>
public sealed class RoundTripTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Reading_a_contact_or_a_deal_is_one_database_round_trip_with_the_membership_check()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await org.Owner.Client.CreateContactAsync();
        var deal = await org.Owner.Client.CreateDealIdAsync(contact);

        foreach (var path in new[] { $"/api/v1/contacts/{contact}", $"/api/v1/deals/{deal}" })
        {
            var (status, commands) = await CountCommandsAsync(factory.Anonymous().WithBearer(org.Owner.AccessToken), path, org.Id);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(1, commands);
        }
    }

    [Fact]
    public async Task A_stranger_gets_the_organizations_404_from_the_same_single_round_trip()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = await org.Owner.Client.CreateContactAsync();
        var stranger = await factory.NewOrganizationAsync("Elsewhere");

        var (status, commands) = await CountCommandsAsync(factory.Anonymous().WithBearer(stranger.Owner.AccessToken), $"/api/v1/contacts/{contact}", org.Id);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(1, commands);
    }

    private static async Task<(HttpStatusCode Status, int Commands)> CountCommandsAsync(HttpClient client, string path, long organizationId)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var commands = new ConcurrentBag<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.TraceId == traceId)
                    commands.Add(activity.DisplayName);
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        request.Headers.Add(CrmWorld.Header, organizationId.ToString());
        var response = await client.SendAsync(request);
        return (response.StatusCode, commands.Count);
    }
}
