using Atrium.Api.Infrastructure.Configuration;

namespace Atrium.Api.Features.Identity;

/// <summary>Brute-force limits of sign-up, sign-in and mailed codes, counted in Redis (section <c>RateLimits</c>).</summary>
public sealed class RateLimitOptions : IAreaOptions
{
    public static string Section => "RateLimits";

    public RateLimitRule LoginPerIp { get; set; } = new() { Limit = 30, WindowSeconds = 60 };
    public RateLimitRule LoginPerAccount { get; set; } = new() { Limit = 10, WindowSeconds = 900 };
    public RateLimitRule RefreshPerIp { get; set; } = new() { Limit = 120, WindowSeconds = 60 };
    public RateLimitRule RegisterPerIp { get; set; } = new() { Limit = 20, WindowSeconds = 3600 };
    public RateLimitRule PasswordChangePerAccount { get; set; } = new() { Limit = 10, WindowSeconds = 900 };
    /// <summary>Codes entered (address codes, two-step login codes), per IP and per account.</summary>
    public RateLimitRule CodePerIp { get; set; } = new() { Limit = 30, WindowSeconds = 600 };
    public RateLimitRule CodePerAccount { get; set; } = new() { Limit = 10, WindowSeconds = 900 };
    /// <summary>Requests that mail someone (resend, forgotten password), per IP.</summary>
    public RateLimitRule MailPerIp { get; set; } = new() { Limit = 20, WindowSeconds = 3600 };
}
