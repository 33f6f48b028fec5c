using Atrium.Api.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Tests.Infrastructure.Unit;

/// <summary>The hashing queue's settings (decision 37) are bound from <c>Passwords</c> and checked.</summary>
public sealed class PasswordOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddAtriumOptions();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void The_wait_for_a_place_on_the_hashing_queue_is_bound_and_defaults_to_one_second()
    {
        using var defaults = Services(new());
        Assert.Equal(1000, defaults.GetRequiredService<IOptions<PasswordOptions>>().Value.MaxAdmissionWaitMilliseconds);
        using var services = Services(new() { ["Passwords:MaxAdmissionWaitMilliseconds"] = "0", ["Passwords:MaxQueuedHashes"] = "3" });
        var options = services.GetRequiredService<IOptions<PasswordOptions>>().Value;
        Assert.Equal(0, options.MaxAdmissionWaitMilliseconds);
        Assert.Equal(3, options.MaxQueuedHashes);
    }

    [Theory]
    [InlineData("MaxAdmissionWaitMilliseconds", "-1")]
    [InlineData("MaxAdmissionWaitMilliseconds", "60001")]
    [InlineData("MaxHashWaitMilliseconds", "0")]
    [InlineData("MaxQueuedHashes", "-2")]
    public void An_out_of_range_hashing_setting_is_refused(string setting, string value)
    {
        using var services = Services(new() { ["Passwords:" + setting] = value });
        var refusal = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PasswordOptions>>().Value);
        Assert.Contains(setting, refusal.Message);
    }
}
