using Atrium.Api.Infrastructure.Mail;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure.Jobs;

public static class JobsSetup
{
    /// <summary>The outbox, its worker (started with the service when <c>Jobs:Enabled</c>) and the mail it sends.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobQueue>();
        services.AddHostedService<JobWorkerService>();
        services.AddMail();
        return services;
    }

    /// <summary><c>dotnet Api.dll worker</c>: only the worker, until SIGINT or SIGTERM; the batch in hand is finished.</summary>
    public static async Task<int> RunWorkerOnlyAsync(IServiceProvider services)
    {
        using var stopping = new CancellationTokenSource();
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stopping.Cancel(); });
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stopping.Cancel(); });
        _ = services.GetRequiredService<IOptions<JobsOptions>>().Value;
        await ActivatorUtilities.CreateInstance<JobWorker>(services).RunAsync(stopping.Token);
        return 0;
    }
}
