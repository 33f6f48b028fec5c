using Atrium.Api.Features.Crm;
using Atrium.Api.Features.Identity;
using Atrium.Api.Features.Identity.Avatars;
using Atrium.Api.Features.Identity.External;
using Atrium.Api.Features.Spaces;
using Atrium.Api.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Tests.Infrastructure.Unit;

/// <summary>Options kept beside their area are bound from their section and validated like the plumbing's own (and those, where a rule needs it).</summary>
public sealed class AreaOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddAtriumOptions(); // the plumbing's own sections, then AreaOptions.AddAll
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
        using var services = Services(new() { ["Crm:AnalyticsCacheSeconds"] = "-1", ["Spaces:InvitationDays"] = "400" });
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CrmOptions>>().Value);
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SpacesOptions>>().Value);
    }

    [Fact]
    public void No_analytics_cache_is_a_setting_and_the_raw_twins_are_off_by_default()
    {
        using var services = Services(new() { ["Crm:AnalyticsCacheSeconds"] = "0" });
        Assert.Equal(0, services.GetRequiredService<IOptions<CrmOptions>>().Value.AnalyticsCacheSeconds);
        Assert.False(services.GetRequiredService<IOptions<BenchmarkOptions>>().Value.RawTwins);
        using var on = Services(new() { ["Benchmarks:RawTwins"] = "true" });
        Assert.True(on.GetRequiredService<IOptions<BenchmarkOptions>>().Value.RawTwins);
    }

    [Fact]
    public void Picture_limits_are_bound_and_checked()
    {
        using var services = Services(new() { ["Avatars:MaxUploadBytes"] = "100000", ["Avatars:MaxPixels"] = "1000000" });
        Assert.Equal(100000, services.GetRequiredService<IOptions<AvatarsOptions>>().Value.MaxUploadBytes);
        Assert.Equal(1000000, services.GetRequiredService<IOptions<AvatarsOptions>>().Value.MaxPixels);
        using var wrong = Services(new() { ["Avatars:MaxPixels"] = "0" });
        Assert.Throws<OptionsValidationException>(() => wrong.GetRequiredService<IOptions<AvatarsOptions>>().Value);
    }

    [Theory]
    [InlineData("TokenEndpoint", "/relative/token")]
    [InlineData("AuthorizationEndpoint", "ftp://example.com/authorize")]
    [InlineData("EmailsEndpoint", "not a url")]
    public void An_oauth_endpoint_setting_must_be_an_absolute_http_url(string setting, string value)
    {
        using var services = Services(new()
        {
            ["ExternalAuth:Providers:github:Enabled"] = "true",
            ["ExternalAuth:Providers:github:ClientId"] = "client",
            [$"ExternalAuth:Providers:github:{setting}"] = value,
        });
        var refusal = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ExternalAuthOptions>>().Value);
        Assert.Contains(setting, refusal.Message);

        using var good = Services(new()
        {
            ["ExternalAuth:Providers:github:Enabled"] = "true",
            ["ExternalAuth:Providers:github:ClientId"] = "client",
            [$"ExternalAuth:Providers:github:{setting}"] = "https://github.example.com/x",
        });
        Assert.NotNull(good.GetRequiredService<IOptions<ExternalAuthOptions>>().Value);
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
