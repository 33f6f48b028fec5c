using Atrium.Api.Infrastructure.Jobs;

namespace Atrium.Api.Infrastructure.Mail;

public static class MailSetup
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IJobHandler, MailJobHandler>();
        return services;
    }
}
