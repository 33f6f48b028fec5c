using System.Net;
using Atrium.Api.Tests.Infrastructure;

namespace Atrium.Api.Tests.Features.Jobs;

/// <summary>The service's own worker against an SMTP server that goes down, and the staff routes that bring a parked job back.</summary>
public sealed class JobsTests(MailFactory factory) : IClassFixture<MailFactory>
{
    [Fact]
    public async Task Smtp_down_the_job_retries_then_parks_and_a_staff_retry_sends_it()
    {
        var staff = await factory.RegisterAndLoginAsync("Staff");
        await factory.MakeStaffAsync(staff);

        await factory.Smtp.StopAsync();
        long id;
        try
        {
            id = (await factory.EnqueueMailAsync(JobKit.Mail("outage@example.com", "During the outage")))[0];
            await JobKit.EventuallyAsync(async () => await factory.StatusOfAsync(id) == "parked", "job parked");
        }
        finally
        {
            factory.Smtp.Start();
        }

        var parked = await (await staff.Client.GetAsync("/api/v1/jobs?status=parked")).Expect(HttpStatusCode.OK);
        var row = parked["items"]!.AsArray().Single(j => (long)j!["id"]! == id)!;
        Assert.Equal(3, (int)row["attempts"]!);
        Assert.Equal("mail.send", (string?)row["kind"]);
        Assert.False(string.IsNullOrEmpty((string?)row["last_error"]));
        Assert.Null(row["payload"]);
        Assert.Empty(factory.Smtp.To("outage@example.com"));

        await (await staff.Client.PostAsync($"/api/v1/jobs/{id}/retry", null)).Expect(HttpStatusCode.Accepted);

        var message = await factory.Smtp.WaitForAsync("outage@example.com");
        Assert.Equal("During the outage", message.Subject);
        await JobKit.EventuallyAsync(async () => await factory.StatusOfAsync(id) == "done", "job done");
        await (await staff.Client.PostAsync($"/api/v1/jobs/{id}/retry", null)).ExpectProblem(HttpStatusCode.Conflict, "job_not_parked");
    }

    [Fact]
    public async Task Job_routes_answer_staff_only()
    {
        var member = await factory.RegisterAndLoginAsync("Member");

        await (await member.Client.GetAsync("/api/v1/jobs")).ExpectProblem(HttpStatusCode.Forbidden, "staff_only");
        await (await member.Client.PostAsync("/api/v1/jobs/1/retry", null)).ExpectProblem(HttpStatusCode.Forbidden, "staff_only");
        await (await factory.Anonymous().GetAsync("/api/v1/jobs")).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Staff_list_pending_jobs_and_an_unknown_job_or_status_is_refused()
    {
        var staff = await factory.RegisterAndLoginAsync("Staff");
        await factory.MakeStaffAsync(staff);

        var pending = await (await staff.Client.GetAsync("/api/v1/jobs")).Expect(HttpStatusCode.OK);
        Assert.Equal(["items", "page", "page_size", "total"], pending.AsObject().Select(p => p.Key).Order());
        await (await staff.Client.GetAsync("/api/v1/jobs?status=done")).ExpectProblem(HttpStatusCode.BadRequest, "validation_failed");
        await (await staff.Client.PostAsync("/api/v1/jobs/999999999/retry", null)).ExpectProblem(HttpStatusCode.NotFound, "job_not_found");
    }
}
