using System.ComponentModel.DataAnnotations;

using Atrium.Api.Infrastructure.Configuration;

namespace Atrium.Api.Features.Identity;

/// <summary>Proof of an address and of a person (section <c>Auth</c>).</summary>
public sealed class AuthOptions : IAreaOptions
{
    public static string Section => "Auth";

    /// <summary>Refuse login (403 <c>email_not_confirmed</c>) until the account's address is confirmed.</summary>
    public bool RequireConfirmedEmail { get; set; }

    /// <summary>Life of a mailed address code and its link.</summary>
    [Range(1, 10_080)] public int EmailCodeMinutes { get; set; } = 60;

    /// <summary>Wrong codes that kill a code (address codes and login codes alike).</summary>
    [Range(1, 100)] public int CodeMaxAttempts { get; set; } = 5;

    /// <summary>One resent code per address (or login challenge) per this many seconds.</summary>
    [Range(1, 3600)] public int ResendCooldownSeconds { get; set; } = 60;

    [Range(1, 10_080)] public int PasswordResetMinutes { get; set; } = 60;

    [Range(1, 720)] public int SetPasswordHours { get; set; } = 72;

    /// <summary>Life of a two-step login challenge and its code.</summary>
    [Range(1, 120)] public int LoginCodeMinutes { get; set; } = 10;
}
