using Atrium.Api.Infrastructure.Jobs;
using Atrium.Api.Infrastructure.Mail;

namespace Atrium.Api.Tests.Infrastructure;

public sealed class JobBackoffTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(9, 2560)]
    [InlineData(10, 3600)]
    [InlineData(500, 3600)]
    public void The_wait_doubles_per_attempt_up_to_the_cap_and_jitter_spreads_it_over_its_upper_half(int attempts, double ceiling)
    {
        Assert.Equal(TimeSpan.FromSeconds(ceiling / 2), JobBackoff.Delay(attempts, 10, 3600, 0));
        Assert.Equal(TimeSpan.FromSeconds(ceiling * 0.75), JobBackoff.Delay(attempts, 10, 3600, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(ceiling), JobBackoff.Delay(attempts, 10, 3600, 1));
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("", "en")]
    [InlineData("ru-RU,ru;q=0.9,en;q=0.8", "ru")]
    [InlineData("de-DE, ru;q=0.5, en;q=0.7", "en")]
    [InlineData("de, fr;q=0.9", "en")]
    [InlineData("en;q=0, ru;q=0.1", "ru")]
    [InlineData("RU", "ru")]
    [InlineData(";;;,", "en")]
    public void Mail_language_comes_from_the_most_preferred_supported_tag(string? header, string expected) =>
        Assert.Equal(expected, Locales.FromAcceptLanguage(header));
}
