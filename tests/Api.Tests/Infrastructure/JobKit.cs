using Atrium.Api.Infrastructure.Jobs;
using Atrium.Api.Infrastructure.Mail;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>Arranging and watching outbox rows and workers.</summary>
public static class JobKit
{
    /// <summary>Queues mail the way a slice does, in a transaction of its own; returns the job ids.</summary>
    public static async Task<long[]> EnqueueMailAsync(this AtriumFactory factory, params OutgoingMail[] mails)
    {
        await using var db = await factory.OpenDatabaseAsync();
        await using var transaction = await db.BeginTransactionAsync();
        var ids = new List<long>();
        foreach (var mail in mails)
            ids.Add(await mail.EnqueueAsync(db, transaction, CancellationToken.None));
        await transaction.CommitAsync();
        return [.. ids];
    }

    public static OutgoingMail Mail(string to, string subject = "Hello", string text = "Body") =>
        OutgoingMail.FromParagraphs(to, subject, [text]);

    /// <summary>A worker of the service's own kind (its handlers, queue and settings), not yet started.</summary>
    public static JobWorker NewWorker(this AtriumFactory factory, params IJobHandler[] extraHandlers)
    {
        var handlers = factory.Services.GetServices<IJobHandler>().Concat(extraHandlers).ToArray();
        return ActivatorUtilities.CreateInstance<JobWorker>(factory.Services, (IEnumerable<IJobHandler>)handlers);
    }

    public static async Task<string> StatusOfAsync(this AtriumFactory factory, long jobId)
    {
        await using var db = await factory.OpenDatabaseAsync();
        return await db.QuerySingleAsync<string>("select status from jobs where id = @jobId", new { jobId });
    }

    public static async Task<long> CountAsync(this AtriumFactory factory, string status)
    {
        await using var db = await factory.OpenDatabaseAsync();
        return await db.QuerySingleAsync<long>("select count(*) from jobs where status = @status", new { status });
    }

    /// <summary>Waits (up to 60 s) until <paramref name="condition"/> holds; fails when it never does.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return;
            await Task.Delay(25);
        }
        throw new Xunit.Sdk.XunitException("Never happened: " + what);
    }

    public static async Task MakeStaffAsync(this AtriumFactory factory, TestUser user)
    {
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("update users set is_staff = true where id = @Id", new { user.Id });
    }
}

/// <summary>Mail to an in-process SMTP server, but no worker in the service: tests start their own.</summary>
public sealed class ManualWorkerFactory : MailFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Jobs:Enabled"] = "false";
        return settings;
    }
}
