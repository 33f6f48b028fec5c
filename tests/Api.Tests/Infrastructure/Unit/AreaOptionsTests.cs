using Atrium.Api.Features.Crm;
using Atrium.Api.Features.Identity;
using Atrium.Api.Features.Spaces;
using Atrium.Api.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Tests.Infrastructure.Unit;

/// <summary>Options kept beside their area are bound from their section and validated like the plumbing's own.</summary>
public sealed class AreaOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        AreaOptions.AddAll(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Every_area_section_is_bound()
    {
        using var services = Services(new()
        {
            ["Crm:AnalyticsCacheSeconds"] = "45", ["Spaces:InvitationDays"] = "3", ["RateLimits:LoginPerIp:Limit"] = "7",
        });
        Assert.Equal(45, services.GetRequiredService<IOptions<CrmOptions>>().Value.AnalyticsCacheSeconds);
        Assert.Equal(3, services.GetRequiredService<IOptions<SpacesOptions>>().Value.InvitationDays);
        Assert.Equal(7, services.GetRequiredService<IOptions<RateLimitOptions>>().Value.LoginPerIp.Limit);
    }

    [Fact]
    public void An_out_of_range_area_setting_is_refused()
    {
        using var services = Services(new() { ["Crm:AnalyticsCacheSeconds"] = "0", ["Spaces:InvitationDays"] = "400" });
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CrmOptions>>().Value);
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SpacesOptions>>().Value);
    }
}
