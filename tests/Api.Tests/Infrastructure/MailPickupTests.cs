using Atrium.Api.Infrastructure.Jobs;
using Atrium.Api.Infrastructure.Mail;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>With no SMTP host, mail is written as .eml files to the pickup folder, once per job however often it runs.</summary>
public sealed class MailPickupTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    [Fact]
    public async Task Without_a_host_mail_is_written_as_an_eml_file_named_after_its_job()
    {
        var folder = Path.Combine(Path.GetTempPath(), "atrium-test-mail");
        var ids = await factory.EnqueueMailAsync(OutgoingMail.FromParagraphs("file@example.com", "On disk", ["Line one", "123456"], code: "123456"));
        var file = Path.Combine(folder, $"{ids[0]}.eml");
        Directory.CreateDirectory(folder);
        File.Delete(file);

        var worker = factory.NewWorker();
        Assert.True(await worker.RunBatchAsync(CancellationToken.None) >= 1);

        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("On disk", message.Subject);
        Assert.Equal("file@example.com", message.To.Mailboxes.Single().Address);
        Assert.Contains("Line one", message.TextBody);
        Assert.Contains("letter-spacing", message.HtmlBody);
        Assert.Equal("done", await factory.StatusOfAsync(ids[0]));
        Assert.NotNull(factory.Services.GetServices<IJobHandler>().OfType<MailJobHandler>().Single());
    }
}
