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
        services.AddSingleton<JobQueueGauge>();
        services.AddHostedService<JobWorkerService>();
        services.AddMail();
        // The handlers the areas define (a purge of deleted spaces, …), found in this assembly like validators are.
        foreach (var handler in typeof(JobsSetup).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IJobHandler).IsAssignableFrom(t))
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
            if (!services.Any(d => d.ServiceType == typeof(IJobHandler) && d.ImplementationType == handler))
                services.AddSingleton(typeof(IJobHandler), handler);
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
